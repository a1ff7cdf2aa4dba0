"""Links without a language prefix that SMS and e-mail carry: one-tap reply links and answers
to help-request invitations. (The gateway's own webhooks are notify's: notify/hook_urls.py.)"""

from django.urls import path

from .alerting import links as alert_links
from .helprequests import links as help_links
from .replies import links as reply_links

app_name = "incident_hooks"

urlpatterns = [
    path("r/<str:token>/<str:answer>", reply_links.reply_link, name="reply_link"),
    # The whole alert, linked from an SMS whose text had to be shortened.
    path("a/<str:token>", alert_links.alert_page, name="alert_page"),
    # Answers to help-request invitations: the SMS carries the first, e-mail the second.
    path("h/<str:token>", help_links.help_link, name="help_link"),
    path("h/<str:token>/<str:answer>", help_links.help_link, name="help_link_answer"),
]
