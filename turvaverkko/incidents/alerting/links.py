"""The whole alert behind the short link an SMS carries when its text had to be shortened
(GET /hooks/a/<token>): the text, the task, place, time, what to bring and who sends it,
with the answer buttons of the one-tap reply links. In the recipient's language."""

from django.http import Http404
from django.shortcuts import render
from django.utils import translation

from ..models import Recipient
from .messages import lang, recipient_id_from_alert_token, reply_links


def alert_page(request, token):
    pk = recipient_id_from_alert_token(token)
    recipient = (
        Recipient.objects.select_related("activation__incident").filter(pk=pk).first()
        if pk
        else None
    )
    if recipient is None:
        raise Http404
    activation = recipient.activation
    language = lang(recipient.language)
    with translation.override(language):
        return render(
            request,
            "incidents/alert_page.html",
            {
                "recipient": recipient,
                "activation": activation,
                "incident": activation.incident,
                "text": activation.text_for(language),
                "links": reply_links(recipient),
                "open": activation.incident.is_live
                and activation.incident.status != "standing_down"
                and not activation.is_cancelled,
                "language": language,
            },
        )
