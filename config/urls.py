from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from programme import views as programme_views

urlpatterns = [
    path("", programme_views.home, name="home"),
    path("accessibility/", programme_views.accessibility, name="accessibility"),
    path("privacy/", programme_views.privacy, name="privacy"),
    path("accounts/", include("programme.account_urls")),
    path("programme/", include("programme.urls")),
    path("policies/", include("policy_drafts.urls")),
    path("workshops/", include("workshops.urls")),
    path("ambassadors/", include("ambassadors.urls")),
    path("sites/", include("townhall.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "programme.views.permission_denied"
handler404 = "programme.views.page_not_found"
handler500 = "programme.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
