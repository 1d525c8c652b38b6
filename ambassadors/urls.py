from django.urls import path

from .views import pipeline, public, sharing

app_name = "ambassadors"

urlpatterns = [
    path("", pipeline.board, name="board"),
    path("table/", pipeline.table, name="table"),
    path("funnel/", pipeline.funnel, name="funnel"),
    path("apply/", public.apply, name="apply"),
    path("apply/thank-you/", public.applied, name="applied"),
    path("me/", pipeline.onboarding, name="onboarding"),
    path("me/share/", sharing.share, name="share"),
    path("me/share/revoke/", sharing.revoke_code, name="revoke_code"),
    path("me/share/mastodon/", sharing.mastodon, name="share_mastodon"),
    path("welcome/<str:token>/", public.accept, name="accept"),
    path("onboarding/steps/<int:pk>/", pipeline.tick, name="tick"),
    path("status/<str:token>/", public.status, name="status"),
    path("status/<str:token>/withdraw/", public.withdraw, name="withdraw"),
    path("status/<str:token>/my-data.json", public.my_data, name="my_data"),
    path("status/<str:token>/erase/", public.erase, name="erase"),
    path("references/<str:token>/", public.reference, name="reference"),
    path("<int:pk>/", pipeline.application_detail, name="application"),
    path("<int:pk>/move/", pipeline.move, name="move"),
    path("<int:pk>/references/", pipeline.references, name="references"),
    path("<int:pk>/safeguarding/", pipeline.safeguarding, name="safeguarding"),
]
