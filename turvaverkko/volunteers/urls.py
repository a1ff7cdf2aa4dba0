from django.urls import path

from .views import account, offers, profile, push

app_name = "volunteers"
urlpatterns = [
    path("volunteer/sign-up/", account.sign_up, name="sign_up"),
    path("volunteer/sign-up/sent/", account.sign_up_sent, name="sign_up_sent"),
    path("volunteer/confirm/<str:token>/", account.confirm, name="confirm"),
    path("volunteer/email/<str:token>/", account.confirm_email_change, name="confirm_email_change"),
    path("volunteer/sign-in/", account.sign_in, name="sign_in"),
    path("volunteer/sign-in/sent/", account.sign_in_sent, name="sign_in_sent"),
    path("volunteer/sign-in/<str:token>/", account.sign_in_link, name="sign_in_link"),
    path("volunteer/keep/<str:token>/", account.keep, name="keep"),
    path("volunteer/profile/", profile.profile, name="profile"),
    path("volunteer/profile/memberships/", profile.memberships, name="memberships"),
    path("volunteer/pause/", profile.pause_alerts, name="pause_alerts"),
    path("volunteer/profile/push/subscribe/", push.push_subscribe, name="push_subscribe"),
    path("volunteer/profile/push/unsubscribe/", push.push_unsubscribe, name="push_unsubscribe"),
    path("volunteer/profile/export/", profile.export, name="export"),
    path("volunteer/profile/erase/", profile.erase, name="erase"),
    path("volunteer/erased/", profile.erased, name="erased"),
    path("offer-help/", offers.offer_help, name="offer_help"),
    path("offer-help/thanks/", offers.offer_help_thanks, name="offer_help_thanks"),
    path("volunteers/", offers.volunteer_list, name="volunteer_list"),
    path(
        "volunteers/export.csv",
        offers.volunteer_list,
        {"export": True},
        name="volunteer_list_csv",
    ),
    path("volunteers/offers/", offers.offer_list, name="offer_list"),
    path(
        "volunteers/offers/export.csv", offers.offer_list, {"export": True}, name="offer_list_csv"
    ),
    path("volunteers/offers/<int:pk>/handled/", offers.offer_handled, name="offer_handled"),
]
