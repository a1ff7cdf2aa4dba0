"""Webhooks without a language prefix: the inbound SMS gateway and one-tap reply links."""

from django.urls import path

from . import helplinks, hooks

app_name = "incident_hooks"

urlpatterns = [
    path("sms/inbound", hooks.sms_inbound, name="sms_inbound"),
    path("r/<str:token>/<str:answer>", hooks.reply_link, name="reply_link"),
    # Answers to help-request invitations: the SMS carries the first, e-mail the second.
    path("h/<str:token>", helplinks.help_link, name="help_link"),
    path("h/<str:token>/<str:answer>", helplinks.help_link, name="help_link_answer"),
]
