"""A consultation with many comments: each section shows its latest few, the rest are a
link away on the section's own pages, and every comment keeps an address that finds it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from policy_drafts import queries
from policy_drafts.models import Comment

from ..factories import many_comments
from .conftest import section


def test_a_section_shows_its_latest_comments_and_links_to_them_all(client, v1):
    target = section(v1, "Moderation")
    many_comments(target, 60, body="Comment number {n}")
    page = client.get(v1.get_absolute_url()).content.decode()
    shown = queries.SHOWN_PER_SECTION
    assert "Comments (60)" in page
    assert all(f"Comment number {n}<" in page for n in range(60 - shown, 60))
    assert "Comment number 0<" not in page
    link = reverse("policy_drafts:section_comments", args=[v1.draft.slug, 1, target.key])
    assert f'href="{link}">Read all 60 comments on “Moderation”' in page

    per_page = queries.COMMENTS_PER_PAGE
    first = client.get(link).content.decode()
    assert "Comment number 0<" in first
    assert f"Comment number {per_page - 1}<" in first
    assert f"Comment number {per_page}<" not in first
    assert f"Page 1 of {-(-60 // per_page)}" in first
    second = client.get(link, {"page": 2}).content.decode()
    assert f"Comment number {per_page}<" in second
    assert "Comment number 0<" not in second


def test_the_version_page_runs_the_same_queries_with_ten_or_a_thousand_comments(
    client, v1, assert_bounded_queries
):
    def add(many):
        for heading in ("Moderation", "Speaking in a capacity"):
            many_comments(section(v1, heading), many, body="Comment number {n}")

    add(10)
    assert_bounded_queries(v1.get_absolute_url(), lambda: add(990))


def test_every_comment_s_address_finds_it_wherever_it_is_shown(client, resident, v1):
    target = section(v1, "Moderation")
    made = many_comments(target, 60, body="Comment number {n}")
    link = reverse("policy_drafts:section_comments", args=[v1.draft.slug, 1, target.key])
    assert client.get(made[-1].get_absolute_url()).url == (
        f"{v1.get_absolute_url()}#comment-{made[-1].pk}"
    )
    assert client.get(made[0].get_absolute_url()).url == f"{link}?page=1#comment-{made[0].pk}"
    later = made[queries.COMMENTS_PER_PAGE + 5]
    assert client.get(later.get_absolute_url()).url == f"{link}?page=2#comment-{later.pk}"
    reply = Comment.objects.create(
        section=target,
        parent=made[0],
        author=resident,
        body="I agree",
        capacity_kind="resident",
        capacity_label="Resident",
    )
    assert client.get(reply.get_absolute_url()).url == f"{link}?page=1#comment-{reply.pk}"


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1 OR 1=1", "9" * 40])
def test_a_hostile_page_number_shows_a_page_and_never_fails(client, v1, page):
    target = section(v1, "Moderation")
    many_comments(target, 3, body="Comment number {n}")
    link = reverse("policy_drafts:section_comments", args=[v1.draft.slug, 1, target.key])
    response = client.get(link, {"page": page})
    assert response.status_code == 200
    assert "Comment number 2<" in response.content.decode()


def test_unknown_sections_versions_and_comments_are_not_found(client, v1):
    slug = v1.draft.slug
    assert client.get(f"/policies/{slug}/v1/sections/nope/comments/").status_code == 404
    assert client.get(f"/policies/{slug}/v9/sections/x/comments/").status_code == 404
    assert client.get("/policies/comments/999999/").status_code == 404
