"""Which posts count is said once (Post.objects.shown, in_thread, waiting), and every list,
count and search agrees with it."""

import pytest

from programme.services import moderation
from tests.factories import DiscussionFactory
from townhall import queries
from townhall.models import Post
from townhall.services import discussions


@pytest.fixture
def thread(townhall, ambassador, resident):
    discussion = DiscussionFactory.create(
        site=townhall,
        started_by=ambassador,
        title="Bus routes",
        first_post__body="What should change? Timetables.",
        first_post__capacity="ambassador:kirklees",
    )
    discussions.reply(
        author=ambassador, discussion=discussion, body="Timetables matter.", capacity="resident"
    )
    discussions.reply(
        author=resident, discussion=discussion, body="Timetables first.", capacity="resident"
    )
    return discussion


def test_a_withdrawn_post_is_not_counted_found_or_waiting_but_stays_in_its_thread(
    townhall, thread, ambassador, resident
):
    waiting = Post.objects.get(author=resident)
    assert waiting.is_pending
    withdrawn = Post.objects.filter(author=ambassador).order_by("pk").last()
    assert withdrawn is not None
    moderation.withdraw_content(author=ambassador, target=withdrawn)

    listed = queries.discussions(townhall).get(pk=thread.pk)
    assert listed.post_count == 1  # the opening post; not the withdrawn one, nor the waiting one
    assert set(Post.objects.shown()) == {thread.posts.order_by("pk").first()}
    assert withdrawn in Post.objects.in_thread()  # shown as withdrawn where it was
    assert list(Post.objects.waiting()) == [waiting]
    # Search finds what anyone may read, and not the words of the withdrawn or waiting post.
    assert [group.kind for group in queries.search(townhall, "change")] == ["Discussions"]
    assert queries.search(townhall, "matter") == []
    assert queries.search(townhall, "first") == []
    # Once its author withdraws the waiting post, no ambassador waits on it.
    moderation.withdraw_content(author=resident, target=waiting)
    assert queries.waiting_count(townhall) == 0
