"""The providers' webhooks (no language prefix), mounted under /hooks/ by turvaverkko/urls.py."""

from django.urls import path

from .sms import inbound

app_name = "notify_hooks"

urlpatterns = [
    path("sms/inbound", inbound.sms_inbound, name="sms_inbound"),
    path("sms/delivery", inbound.sms_delivery_report, name="sms_delivery_report"),
]
