from django.urls import path

from .views import briefing, calendars, planning, posters, public

app_name = "workshops"

urlpatterns = [
    path("", public.workshop_list, name="list"),
    path("new/", planning.workshop_create, name="create"),
    path("calendar.ics", calendars.all_workshops_ics, name="calendar"),
    path("my/calendar/", calendars.my_calendar, name="my_calendar"),
    path("my/calendar/reset/", calendars.reset_my_calendar, name="my_calendar_reset"),
    path("my/calendar/<str:token>.ics", calendars.personal_ics, name="personal_ics"),
    path("registrations/<str:token>/", public.manage_registration, name="registration"),
    path("registrations/<str:token>/confirm/", public.confirm_guest, name="confirm_guest"),
    path("feedback/<str:token>/", public.feedback, name="feedback"),
    path("<slug:slug>.ics", calendars.workshop_ics, name="ics"),
    path(
        "<slug:slug>/register/check-your-email/", public.guest_check_email, name="guest_check_email"
    ),
    path("<slug:slug>/", public.workshop_detail, name="detail"),
    path("<slug:slug>/register/", public.register, name="register"),
    path("<slug:slug>/my-needs/", public.change_needs, name="change_needs"),
    path("<slug:slug>/cancel-my-place/", public.cancel_my_place, name="cancel_my_place"),
    path("<slug:slug>/check-in/", public.check_in, name="check_in"),
    path("<slug:slug>/edit/", planning.workshop_edit, name="edit"),
    path("<slug:slug>/agenda/", planning.agenda, name="agenda"),
    path("<slug:slug>/publish/", planning.publish, name="publish"),
    path("<slug:slug>/cancel/", planning.cancel, name="cancel"),
    path("<slug:slug>/invite/", planning.invite, name="invite"),
    path("<slug:slug>/attendance/", planning.attendance, name="attendance"),
    path("<slug:slug>/held/", planning.mark_held, name="held"),
    path("<slug:slug>/outcome/", planning.outcome, name="outcome"),
    path("<slug:slug>/feedback/request/", planning.request_feedback, name="request_feedback"),
    path("<slug:slug>/briefing-pack.pdf", briefing.briefing_pack, name="briefing_pack"),
    path("<slug:slug>/briefing-pack/", briefing.briefing_pack_page, name="briefing_pack_page"),
    path("<slug:slug>/poster.pdf", posters.poster, name="poster"),
]
