from django.urls import path

from . import volunteer_home as mine
from .helprequests import views as helpviews
from .views import accesslog
from .views import activation as activationviews
from .views import incidents as views
from .views import messages as messageviews
from .views import recipients as recipientviews

app_name = "incidents"

urlpatterns = [
    # A volunteer's own home: alerts, help requests, tasks (volunteer_home.py).
    path("volunteer/home/", mine.volunteer_home, name="volunteer_home"),
    path("volunteer/alerts/<int:pk>/", mine.volunteer_alert, name="volunteer_alert"),
    path("volunteer/alerts/<int:pk>/answer/", mine.volunteer_answer, name="volunteer_answer"),
    path(
        "volunteer/help/<int:pk>/answer/", mine.volunteer_help_answer, name="volunteer_help_answer"
    ),
    path("incidents/", views.incident_list, name="list"),
    path("incidents/new/", views.incident_create, name="create"),
    path("incidents/<int:pk>/", views.incident_detail, name="detail"),
    path("incidents/<int:pk>/headcount/", views.headcount_page, name="headcount"),
    path("incidents/<int:pk>/headcount.json", views.headcount_json, name="headcount_json"),
    path("incidents/<int:pk>/status/<str:status>/", views.incident_status, name="status"),
    path("incidents/<int:pk>/stand-down/", views.stand_down, name="stand_down"),
    path("incidents/<int:pk>/close/", views.close, name="close"),
    path("incidents/<int:pk>/activate/", activationviews.activation_create, name="activate"),
    path("incidents/<int:pk>/update/", views.send_update, name="update"),
    path(
        "incidents/<int:pk>/activations/<int:activation_pk>/cancel/",
        views.activation_cancel,
        name="cancel",
    ),
    path(
        "incidents/<int:pk>/recipients/<int:recipient_pk>/status/",
        views.recipient_status,
        name="recipient_status",
    ),
    path(
        "incidents/<int:pk>/recipients/status/",
        recipientviews.recipients_bulk_status,
        name="recipients_bulk_status",
    ),
    path("incidents/<int:pk>/messages/", messageviews.messages_panel, name="messages"),
    path(
        "incidents/<int:pk>/messages/handle/",
        messageviews.message_handle,
        name="message_handle",
    ),
    path("incidents/<int:pk>/resend/", messageviews.resend_silent, name="resend"),
    path("incidents/<int:pk>/log/", views.log_entry_create, name="log"),
    path("incidents/<int:pk>/access-log/", accesslog.access_log, name="access_log"),
    path("incidents/<int:pk>/report.pdf", views.report, name="report"),
    path("incidents/<int:pk>/lessons/", views.lessons, name="lessons"),
    path("incidents/<int:pk>/help/new/", helpviews.help_create, name="help_create"),
    path("incidents/<int:pk>/help/<int:help_pk>/", helpviews.help_detail, name="help_detail"),
    path(
        "incidents/<int:pk>/help/<int:help_pk>/invite/",
        helpviews.help_invite,
        name="help_invite",
    ),
    path(
        "incidents/<int:pk>/help/<int:help_pk>/assignments/<int:assignment_pk>/",
        helpviews.help_assignment_status,
        name="help_assignment_status",
    ),
]
