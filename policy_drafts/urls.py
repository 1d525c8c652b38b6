from django.urls import path

from .views import commenting, posters, reading, reports, writing

app_name = "policy_drafts"

urlpatterns = [
    path("", reading.draft_list, name="list"),
    path("new/", writing.draft_create, name="create"),
    path("comments/<int:pk>/", reading.comment, name="comment"),
    path("comments/<int:pk>/reply/", reading.reply, name="reply"),
    path("comments/<int:pk>/respond/", reading.respond, name="respond"),
    path("comments/<int:pk>/decide/", reading.decide, name="decide"),
    path("<slug:slug>/", reading.version_detail, name="detail"),
    path("<slug:slug>/v<int:number>/", reading.version_detail, name="version"),
    path(
        "<slug:slug>/v<int:number>/sections/<str:key>/comments/",
        reading.section_comments,
        name="section_comments",
    ),
    path(
        "<slug:slug>/v<int:number>/sections/<str:key>/comment/",
        commenting.comment_on_section,
        name="comment_on_section",
    ),
    path("<slug:slug>/compare/<int:a>/<int:b>/", reading.compare, name="compare"),
    path("<slug:slug>/edit/", writing.working_copy, name="edit"),
    path("<slug:slug>/publish/", writing.publish, name="publish"),
    path("<slug:slug>/status/", writing.change_status, name="status"),
    path("<slug:slug>/adopt/", writing.adopt, name="adopt"),
    path("<slug:slug>/agree/", writing.agree, name="agree"),
    path("<slug:slug>/report.csv", reports.report_csv, name="report_csv"),
    path("<slug:slug>/report.pdf", reports.report_pdf_view, name="report_pdf"),
    path("<slug:slug>/report/", reports.report_page, name="report"),
    path("<slug:slug>/poster.pdf", posters.poster, name="poster"),
]
