from django.urls import path

from workshops.views import calendars as workshop_calendars

app_name = "townhall"

# The town hall sites themselves come with the townhall issue; the site's
# workshop feed lives here already because its address is public.
urlpatterns = [
    path(
        "<slug:site>/workshops.ics",
        workshop_calendars.site_workshops_ics,
        name="site_workshops_ics",
    ),
]
