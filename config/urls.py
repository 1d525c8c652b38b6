from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from programme.platform.uploads import serve_upload
from programme.views import health, pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("preview-card.png", pages.preview_card, name="preview_card"),
    path("health/", health.web, name="health"),
    path("health/queue/", health.queue, name="health_queue"),
    path("privacy/", pages.privacy, name="privacy"),
    path("accounts/", include("programme.account_urls")),
    path("programme/", include("programme.urls")),
    path("following/", include("programme.following_urls")),
    path("policies/", include("policy_drafts.urls")),
    path("workshops/", include("workshops.urls")),
    path("ambassadors/", include("ambassadors.urls")),
    path("sites/", include("townhall.urls")),
    path("admin/", admin.site.urls),
    # Uploads, when the proxy in front does not serve them itself (see the README).
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", serve_upload, name="upload"),
]

handler403 = "programme.views.pages.permission_denied"
handler404 = "programme.views.pages.page_not_found"
handler500 = "programme.views.pages.server_error"
