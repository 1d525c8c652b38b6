from django.urls import path
from django.views.decorators.http import conditional_page

from programme.platform.conditional import steady

from .feeds import UpdatesAtomFeed, UpdatesFeed
from .views import (
    audit,
    dashboard,
    evaluation,
    meetings,
    moderation,
    people,
    reach,
    sites,
    strands,
    updates,
)

app_name = "programme"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("sites/", sites.site_list, name="sites"),
    path("sites/<slug:slug>/", sites.site_detail, name="site"),
    path("sites/<slug:slug>/stage/", sites.change_stage, name="site_stage"),
    path("sites/<slug:slug>/offline/", sites.take_offline, name="site_offline"),
    path("sites/<slug:slug>/sign-off/<str:role>/", sites.sign_off, name="site_sign_off"),
    path(
        "sites/<slug:slug>/sign-offs/<int:pk>/withdraw/",
        sites.withdraw_sign_off,
        name="site_sign_off_withdraw",
    ),
    path("strands/", strands.strand_list, name="strands"),
    path("people/find/", people.find_people, name="find_people"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("actions/", meetings.action_table, name="actions"),
    path("actions/mine/", meetings.my_actions, name="my_actions"),
    path("actions/new/", meetings.action_create, name="action_create"),
    path("actions/<int:pk>/status/", meetings.action_status, name="action_status"),
    path("updates/", updates.update_list, name="updates"),
    path("updates/new/", updates.update_create, name="update_create"),
    path("updates/feed/", conditional_page(steady(UpdatesFeed())), name="updates_feed"),
    path("updates/feed/atom/", conditional_page(steady(UpdatesAtomFeed())), name="updates_atom"),
    path("updates/<slug:slug>/", updates.update_detail, name="update"),
    path("updates/<slug:slug>/edit/", updates.update_edit, name="update_edit"),
    path("moderation/", moderation.queue, name="moderation_queue"),
    path(
        "moderation/<int:content_type_id>/<int:object_id>/withdraw/",
        moderation.withdraw,
        name="withdraw",
    ),
    path(
        "moderation/<int:content_type_id>/<int:object_id>/<str:action>/",
        moderation.moderate,
        name="moderate",
    ),
    path("audit/", audit.overview, name="audit"),
    path("audit/add/", audit.entry_add, name="audit_add"),
    path("audit/import/", audit.entry_import, name="audit_import"),
    path("audit/<int:pk>/edit/", audit.entry_edit, name="audit_edit"),
    path("reach/", reach.reach, name="reach"),
    path("evaluation/", evaluation.results, name="evaluation"),
    path("evaluation/chart.svg", evaluation.chart_svg, name="evaluation_chart"),
    path("evaluation/<slug:slug>/chart.svg", evaluation.chart_svg, name="evaluation_site_chart"),
    path("evaluation/rounds/", evaluation.open_round, name="survey_open"),
    path("evaluation/rounds/<int:pk>/open/", evaluation.set_round_open, name="survey_set_open"),
    path("evaluation/rounds/<int:pk>/links/", evaluation.round_links, name="survey_links"),
    path("have-your-say/<str:token>/", evaluation.answer_round, name="survey_answer"),
    path("have-your-say/link/<str:token>/", evaluation.answer_link, name="survey_answer_link"),
]
