from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from programme.views import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("accounts/", include("programme.account_urls")),
    path("programme/", include("programme.urls")),
    path("policies/", include("policy_drafts.urls")),
    path("workshops/", include("workshops.urls")),
    path("ambassadors/", include("ambassadors.urls")),
    path("sites/", include("townhall.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "programme.views.pages.permission_denied"
handler404 = "programme.views.pages.page_not_found"
handler500 = "programme.views.pages.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
