"""Webhooks without a language prefix: the inbound SMS gateway and one-tap reply links."""

from django.urls import path

from . import hooks

app_name = "incident_hooks"

urlpatterns = [
    path("sms/inbound", hooks.sms_inbound, name="sms_inbound"),
    path("r/<str:token>/<str:answer>", hooks.reply_link, name="reply_link"),
]
