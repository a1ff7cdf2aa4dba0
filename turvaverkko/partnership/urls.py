from django.urls import path

from .views import manage, negotiations, public, welfare

app_name = "partnership"
urlpatterns = [
    path("partnership/", manage.table_list, name="tables"),
    path("partnership/new/", manage.table_create, name="table_create"),
    path("partnership/<int:pk>/manage/", manage.table_detail, name="table"),
    path("partnership/calls/<int:pk>/", manage.call_detail, name="call"),
    path("partnership/calls/<int:pk>/apply/", manage.call_apply, name="call_apply"),
    path("partnership/meetings/<int:pk>/", manage.meeting_detail, name="meeting"),
    path("partnership/meetings/<int:pk>/memo/", manage.memo, name="memo"),
    # Public: the table, meetings and memos, the register, proposals and the feeds.
    path("partnership/<int:pk>/", public.table_page, name="public_table"),
    path("partnership/<int:pk>/decisions/", public.decisions, name="decisions"),
    path("partnership/<int:pk>/propose/", public.propose, name="propose"),
    path("partnership/<int:pk>/calendar.ics", public.calendar, name="calendar"),
    path("partnership/<int:pk>/oparl.json", public.oparl, name="oparl"),
    path("partnership/meetings/<int:pk>/public/", public.meeting_page, name="public_meeting"),
    path("partnership/meetings/<int:pk>/memo.pdf", public.memo_pdf, name="memo_pdf"),
    path("partnership/welfare/<int:pk>/", welfare.page, name="welfare"),
    path("partnership/agreements/<int:pk>/welfare/", welfare.manage, name="welfare_manage"),
    path("partnership/welfare/<int:pk>.csv", welfare.as_csv, name="welfare_csv"),
    path("partnership/welfare/<int:pk>.json", welfare.as_json, name="welfare_json"),
    path("partnership/negotiations/", negotiations.negotiation_list, name="negotiations"),
    path("partnership/negotiations/<int:pk>/", negotiations.negotiation, name="negotiation"),
    path(
        "partnership/negotiations/<int:pk>/pack.pdf",
        negotiations.negotiation_pack,
        name="negotiation_pack",
    ),
    path("partnership/survey/<str:token>/", negotiations.survey, name="survey"),
    path("partnership/rsvp/<str:token>/<str:answer>/", public.rsvp, name="rsvp"),
]
