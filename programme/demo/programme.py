"""The pilot's own programme as it stood: strands, two project meetings, an update, the audit."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from programme.models import (
    ActionStatus,
    AuditCategory,
    AuditEntry,
    BuildStage,
    Meeting,
    PilotSite,
    Relationship,
    RoundKind,
    Strand,
    StrandRole,
    SurveyRound,
    Update,
    User,
)
from programme.services import audit, evaluation, meetings, readiness, strands, updates

LONDON = timezone.get_default_timezone()


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def _seed_strands(users: dict[str, User], sites: dict[str, PilotSite]) -> None:
    coordinator = users["coordinator@demo.example"]
    for name, slug, description, lead in [
        (
            "Technology",
            "technology",
            "Building and hosting the town hall sites, and the tools ambassadors use.",
            "coordinator@demo.example",
        ),
        (
            "Social",
            "social",
            "Workshops, ambassadors, the social web audit and the social web policy.",
            "lead@kirklees.demo.example",
        ),
    ]:
        if Strand.objects.filter(slug=slug).exists():
            continue
        strand = strands.add_strand(
            actor=coordinator, name=name, slug=slug, description=description
        )
        strands.assign_strand_role(
            actor=coordinator, strand=strand, user=users[lead], role=StrandRole.LEAD
        )
        strands.assign_strand_role(
            actor=coordinator,
            strand=strand,
            user=users["friend@demo.example"],
            role=StrandRole.CRITICAL_FRIEND,
        )
        strands.assign_strand_role(
            actor=coordinator,
            strand=strand,
            user=users["officer@kirklees.demo.example"],
            role=StrandRole.SITE_CONTACT,
            site=sites["kirklees"],
        )


def _seed_meetings(users: dict[str, User], sites: dict[str, PilotSite]) -> None:
    if Meeting.objects.exists():
        return
    coordinator = users["coordinator@demo.example"]
    today = timezone.localdate()
    first = meetings.record_meeting(
        actor=coordinator,
        title="First project meeting",
        starts_at=_at(today - dt.timedelta(days=63), 10, 30),
        ends_at=_at(today - dt.timedelta(days=63), 15, 0),
        place="Huddersfield Town Hall, committee room 2",
        attendees=[
            users[e]
            for e in (
                "coordinator@demo.example",
                "friend@demo.example",
                "lead@kirklees.demo.example",
            )
        ],
        sites=list(sites.values()),
        agenda="1. Introductions\n2. What each site wants from the pilot\n3. Technology and social strands\n4. Next steps",
        minutes=(
            "Each site described its starting point. Kirklees will run the pilot alongside its "
            "**21st Century Councillor** project. We agreed that the hard part is social, not technical."
        ),
        decisions="- Two strands: technology and social\n- Every site completes its social web audit before its internal workshop",
    )
    meetings.raise_action(
        actor=coordinator,
        meeting=first,
        title="Complete the social web audit for Kirklees",
        owner=users["lead@kirklees.demo.example"],
        site=sites["kirklees"],
        due_on=today - dt.timedelta(days=20),
    )
    done = meetings.raise_action(
        actor=coordinator,
        meeting=first,
        title="Share the draft social web policy with every site",
        owner=coordinator,
        due_on=today - dt.timedelta(days=30),
    )
    meetings.set_action_status(actor=coordinator, action=done, status=ActionStatus.DONE)

    second = meetings.record_meeting(
        actor=coordinator,
        title="Second project meeting",
        starts_at=_at(today - dt.timedelta(days=14), 13, 0),
        ends_at=_at(today - dt.timedelta(days=14), 16, 0),
        place="Online",
        online_url="https://meet.example.org/vth-second",
        attendees=[
            users[e]
            for e in (
                "coordinator@demo.example",
                "friend@demo.example",
                "lead@kirklees.demo.example",
                "member@kirklees.demo.example",
            )
        ],
        sites=[sites["kirklees"], sites["redbridge"], sites["chorley"]],
        agenda="1. Audit progress\n2. Naming the sites\n3. Choosing ambassadors\n4. Internal workshops",
        minutes="We reviewed the audits so far. Chorley and Essex have gaps in blogs and social reporters.",
        decisions="- Each site names its town hall site by its internal workshop\n- Ambassadors choose from a menu of tasks, not a fixed job description",
    )
    meetings.raise_action(
        actor=coordinator,
        meeting=second,
        title="Book the Kirklees internal workshop",
        owner=users["officer@kirklees.demo.example"],
        site=sites["kirklees"],
        due_on=today + dt.timedelta(days=10),
    )
    meetings.raise_action(
        actor=coordinator,
        meeting=second,
        title="Brief members on the 21st Century Councillor link",
        owner=users["member@kirklees.demo.example"],
        site=sites["kirklees"],
        due_on=today + dt.timedelta(days=21),
    )
    meetings.raise_action(
        actor=coordinator,
        title="Find a local blogger to approach in Chorley",
        owner=coordinator,
        site=sites["chorley"],
        due_on=today - dt.timedelta(days=3),
    )


def _seed_updates(users: dict[str, User]) -> None:
    if Update.objects.exists():
        return
    coordinator = users["coordinator@demo.example"]
    second = Meeting.objects.filter(title="Second project meeting").first()
    update = updates.write_update(
        actor=coordinator,
        title="We had our second project meeting",
        meeting=second,
        publish=True,
        body=(
            "We had our second project meeting this month, with Kirklees, Redbridge and Chorley around the "
            "(virtual) table.\n\nThe audits are taking shape: every site has found more local news and "
            "blogging than it expected, and most have **no relationship yet** with the people behind it. "
            "That is the work of the social strand for the next two months.\n\nWe also agreed that "
            "ambassadors will choose from a menu of tasks rather than sign up to a fixed job description."
        ),
    )
    updates.reply_to_update(
        author=users["member@kirklees.demo.example"],
        update=update,
        capacity="elected_member:kirklees",
        body="Good to see the members' briefing linked to the 21st Century Councillor work.",
    )
    updates.reply_to_update(
        author=users["officer@kirklees.demo.example"],
        update=update,
        capacity="resident",
        body="Speaking personally: I'd love the town hall site to show the Holmfirth forum's posts.",
    )
    updates.write_update(
        actor=coordinator,
        title="Planning the launch workshops",
        publish=False,
        body="A draft: the plan for each site's launch workshop.",
    )


AUDIT = {
    # site: [(category, name, url, relationship, next step)]
    "kirklees": [
        (
            AuditCategory.NEWS,
            "Huddersfield Examiner",
            "https://examiner.example.org",
            Relationship.IN_CONTACT,
            "",
        ),
        (
            AuditCategory.COUNCIL_CONTENT,
            "Kirklees Council news",
            "https://kirklees.example.org/news",
            Relationship.PARTNER,
            "",
        ),
        (
            AuditCategory.BLOGS,
            "Huddersfield Hub",
            "https://hudhub.example.org",
            Relationship.PARTNER,
            "",
        ),
        (
            AuditCategory.SOCIAL_NETWORKING,
            "Holmfirth community forum",
            "https://holmfirth.example.org",
            Relationship.NONE,
            "Ask the forum's moderators to the internal workshop.",
        ),
    ],
    "redbridge": [
        (
            AuditCategory.NEWS,
            "Ilford Recorder",
            "https://recorder.example.org",
            Relationship.AWARE,
            "",
        ),
        (
            AuditCategory.COUNCIL_CONTENT,
            "Redbridge Conversation",
            "https://redbridge.example.org/conversation",
            Relationship.PARTNER,
            "",
        ),
        (
            AuditCategory.BLOGS,
            "Wanstead blog",
            "https://wanstead.example.org",
            Relationship.IN_CONTACT,
            "",
        ),
    ],
    "chorley": [
        (
            AuditCategory.NEWS,
            "Chorley Guardian",
            "https://guardian.example.org",
            Relationship.IN_CONTACT,
            "",
        ),
        (
            AuditCategory.COUNCIL_CONTENT,
            "Chorley Council news",
            "https://chorley.example.org/news",
            Relationship.PARTNER,
            "",
        ),
    ],
    "essex": [
        (
            AuditCategory.COUNCIL_CONTENT,
            "Essex County Council news",
            "https://essex.example.org/news",
            Relationship.PARTNER,
            "",
        ),
        (
            AuditCategory.SOCIAL_NETWORKING,
            "Essex residents' group",
            "https://essexgroup.example.org",
            Relationship.AWARE,
            "",
        ),
        (
            AuditCategory.NEWS,
            "Essex Chronicle",
            "https://chronicle.example.org",
            Relationship.NONE,
            "Phone the news desk about the launch.",
        ),
    ],
    "north-lincs": [
        (
            AuditCategory.NEWS,
            "Scunthorpe Telegraph",
            "https://telegraph.example.org",
            Relationship.AWARE,
            "",
        ),
        (
            AuditCategory.BLOGS,
            "Brigg social reporters",
            "https://brigg.example.org",
            Relationship.IN_CONTACT,
            "",
        ),
    ],
}


def _seed_audit(users: dict[str, User], sites: dict[str, PilotSite]) -> None:
    coordinator = users["coordinator@demo.example"]
    for slug, entries in AUDIT.items():
        for category, name, url, relationship, next_step in entries:
            if AuditEntry.objects.filter(site=sites[slug], name=name).exists():
                continue
            audit.add_audit_entry(
                actor=coordinator,
                site=sites[slug],
                category=category,
                name=name,
                url=url,
                relationship=relationship,
                next_step=next_step,
                last_reviewed_on=timezone.localdate() - dt.timedelta(days=30),
            )


def _seed_readiness(users: dict[str, User], sites: dict[str, PilotSite]) -> None:
    coordinator = users["coordinator@demo.example"]
    for slug, stage in [
        ("kirklees", BuildStage.CONTENT_READY),
        ("redbridge", BuildStage.SETTING_UP),
    ]:
        site = PilotSite.objects.get(pk=sites[slug].pk)
        if site.build_stage == BuildStage.NOT_STARTED:
            if stage == BuildStage.CONTENT_READY:
                readiness.set_build_stage(
                    actor=coordinator,
                    site=site,
                    stage=BuildStage.SETTING_UP,
                    note="Hosting set up.",
                )
            readiness.set_build_stage(actor=coordinator, site=site, stage=stage, note="")


def _seed_evaluation(users: dict[str, User], sites: dict[str, PilotSite]) -> None:
    coordinator = users["coordinator@demo.example"]
    if SurveyRound.objects.exists():
        return
    baseline = evaluation.open_round(
        actor=coordinator, site=sites["kirklees"], kind=RoundKind.BASELINE
    )
    answers = [
        ["voted"],
        ["voted", "petition"],
        ["voted", "council_consultation"],
        [],
        ["voted", "community_meeting", "petition"],
    ]
    for link, actions in zip(
        evaluation.make_links(actor=coordinator, survey_round=baseline, count=len(answers)),
        answers,
        strict=True,
    ):
        evaluation.answer_survey(survey_round=baseline, actions=actions, link=link)
    closing = evaluation.open_round(
        actor=coordinator, site=sites["kirklees"], kind=RoundKind.CLOSING
    )
    answers = [
        ["voted", "council_consultation"],
        ["voted", "petition", "council_meeting"],
        ["council_consultation"],
        ["voted"],
    ]
    for link, actions in zip(
        evaluation.make_links(actor=coordinator, survey_round=closing, count=len(answers)),
        answers,
        strict=True,
    ):
        evaluation.answer_survey(survey_round=closing, actions=actions, link=link)


def seed(sites: dict[str, PilotSite], users: dict[str, User]) -> None:
    _seed_strands(users, sites)
    _seed_meetings(users, sites)
    _seed_updates(users)
    _seed_audit(users, sites)
    _seed_readiness(users, sites)
    _seed_evaluation(users, sites)
