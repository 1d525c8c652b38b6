"""Lists that show a count beside each row count for the rows they keep, in a subquery:
joining every child row and grouping costs a page of 25 as much as counting them all."""

from __future__ import annotations

from programme.models import PilotSite
from townhall import queries
from townhall.models import TownhallSite
from workshops.models import Workshop
from workshops.queries import with_counts

SITE = TownhallSite(pk=1, pilot_site=PilotSite(pk=1))


def test_discussions_count_their_posts_without_joining_them():
    sql = str(queries.discussions(SITE).query)
    assert 'JOIN "townhall_post"' not in sql


def test_workshops_count_their_places_without_joining_registrations():
    sql = str(with_counts(Workshop.objects.all()).query)
    assert 'JOIN "workshops_registration"' not in sql
