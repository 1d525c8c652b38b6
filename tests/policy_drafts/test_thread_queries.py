"""The pages that show comments with their replies and responses run the same queries
whether the comments shown have replies and responses or not: what a page holds does not
change how many times it asks the database."""

from __future__ import annotations

from django.urls import reverse

from policy_drafts import services

from ..factories import CommentFactory
from .conftest import section


def test_comment_pages_run_the_same_queries_before_and_after_replies_and_responses(
    client_as, coordinator, resident, v1, assert_bounded_queries
):
    client_as(coordinator)
    moderation = section(v1, "Moderation")
    first = CommentFactory.create(
        author=resident,
        section=moderation,
        capacity="resident",
        stance="question",
        body="Who moderates?",
    )
    urls = [
        v1.get_absolute_url(),
        reverse("policy_drafts:section_comments", args=[v1.draft.slug, 1, moderation.key]),
        reverse("policy_drafts:report", args=[v1.draft.slug]),
    ]

    def reply_and_respond():
        reply = services.reply(
            author=coordinator, parent=first, capacity="resident", body="The ambassadors do."
        )
        services.respond(actor=coordinator, comment=first, body="Noted in version 2.")
        services.respond(actor=coordinator, comment=reply, body="And they give a reason.")

    assert_bounded_queries(urls, reply_and_respond)
    for url in urls:
        html = client_as(coordinator).get(url).content.decode()
        assert "The ambassadors do." in html, url
        assert "And they give a reason." in html, url
