"""Six weeks of reach counts for the demo's live site, so `make run` shows the reach page, the
readiness dashboard's column and an ambassador's own figures with something real in them.

Made as the counting itself makes them (programme.services.reach.add_counts), from the
site's real pages, its ambassadors' share codes and the site team's; the same every time
(a seeded random), and only once.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.urls import reverse
from django.utils import timezone

from programme.models import Channel, Event, PilotSite, Role, RoleGrant, Tally
from programme.reach import Key
from programme.services import reach as reach_services
from workshops.models import Workshop

from .models import Page

DAYS = 42
NETWORKS = (Channel.FACEBOOK, Channel.WHATSAPP, Channel.BLUESKY, Channel.MASTODON, Channel.EMAIL)
WEBSITES = ("huddersfield-exposed.example", "kirklees-mums.example", "holmfirth-today.example")


def seed_reach(site: PilotSite) -> bool:
    """Counts for the last six weeks at a live site; False if it had some already."""
    if not site.is_live or Tally.objects.filter(site=site).exists():
        return False
    pick = random.Random(site.pk)
    pages = Page.objects.filter(site__pilot_site=site).live().exclude(slug="home")
    # The home page names the site's own address as its canonical one.
    paths = [reverse("townhall:home", args=[site.slug])]
    paths += [page.get_absolute_url() for page in pages]
    paths += [w.get_absolute_url() for w in Workshop.objects.public().filter(site=site)]
    ambassadors = [
        grant.user
        for grant in RoleGrant.objects.active()
        .filter(site=site, role=Role.AMBASSADOR)
        .select_related("user")
    ]
    codes = [reach_services.share_code_for(person, site).code for person in ambassadors]
    codes.append(reach_services.site_share_code(site).code)
    counts: Counter[Key] = Counter()
    today = timezone.localdate()
    for back in range(DAYS, -1, -1):
        day = today - dt.timedelta(days=back)
        # More each week, as word spreads; fewer at weekends.
        busy = (1 + (DAYS - back) / 14) * (0.6 if day.weekday() >= 5 else 1)
        for path in paths:
            views = int(pick.randint(2, 12) * busy)
            counts[(day, Event.VIEW, path, "", "", "")] += views
            counts[(day, Event.ARRIVAL, path, "", Channel.DIRECT, "")] += views // 4
            counts[(day, Event.ARRIVAL, path, "", Channel.SEARCH, "")] += views // 6
        landing = pick.choice(paths)
        for code in codes:
            channel = pick.choice(NETWORKS)
            counts[(day, Event.ARRIVAL, landing, code, channel, "")] += int(
                pick.randint(0, 4) * busy
            )
        website = pick.choice(WEBSITES)
        counts[(day, Event.ARRIVAL, landing, "", Channel.OTHER_SITE, website)] += pick.randint(0, 3)
        for event in (Event.REGISTRATION, Event.COMMENT, Event.POST, Event.FOLLOW):
            if pick.random() < 0.5:
                code = pick.choice([*codes, "", ""])
                counts[(day, event, "", code, pick.choice(NETWORKS) if code else "", "")] += 1
    reach_services.add_counts(+counts, site=site)
    return True
