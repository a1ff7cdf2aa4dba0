from django.urls import path

from . import views

app_name = "volunteers"
urlpatterns = [
    path("volunteer/sign-up/", views.sign_up, name="sign_up"),
    path("volunteer/sign-up/sent/", views.sign_up_sent, name="sign_up_sent"),
    path("volunteer/confirm/<str:token>/", views.confirm, name="confirm"),
    path("volunteer/email/<str:token>/", views.confirm_email_change, name="confirm_email_change"),
    path("volunteer/sign-in/", views.sign_in, name="sign_in"),
    path("volunteer/sign-in/sent/", views.sign_in_sent, name="sign_in_sent"),
    path("volunteer/sign-in/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("volunteer/keep/<str:token>/", views.keep, name="keep"),
    path("volunteer/profile/", views.profile, name="profile"),
    path("volunteer/profile/memberships/", views.memberships, name="memberships"),
    path("volunteer/pause/", views.pause_alerts, name="pause_alerts"),
    path("volunteer/profile/push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("volunteer/profile/push/unsubscribe/", views.push_unsubscribe, name="push_unsubscribe"),
    path("volunteer/profile/export/", views.export, name="export"),
    path("volunteer/profile/erase/", views.erase, name="erase"),
    path("volunteer/erased/", views.erased, name="erased"),
    path("offer-help/", views.offer_help, name="offer_help"),
    path("offer-help/thanks/", views.offer_help_thanks, name="offer_help_thanks"),
    path("volunteers/", views.volunteer_list, name="volunteer_list"),
    path(
        "volunteers/export.csv",
        views.volunteer_list,
        {"export": True},
        name="volunteer_list_csv",
    ),
    path("volunteers/offers/", views.offer_list, name="offer_list"),
    path("volunteers/offers/export.csv", views.offer_list, {"export": True}, name="offer_list_csv"),
    path("volunteers/offers/<int:pk>/handled/", views.offer_handled, name="offer_handled"),
]
