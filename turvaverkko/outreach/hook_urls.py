"""Links without a language prefix that SMS carry: the short cancel link of a booking."""

from django.urls import path

from . import views

app_name = "outreach_hooks"

urlpatterns = [
    path("b/<str:token>", views.booking_link, name="booking_link"),
]
