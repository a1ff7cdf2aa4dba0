"""The situation log's own entries (status changes, activations, escalations...).

They are stored as an event and its parameters and written out in the reader's language when
shown, so a Finnish coordinator and a Swedish one read the same log in their own language;
`text` keeps an English rendering for exports and the admin.
"""

import contextlib

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Incident, Recipient, SituationEntry

EVENTS = {
    "opened": _("Incident opened"),
    "status": _("Status: %(status)s"),
    "activation": _("Alert %(code)s sent to %(n)s recipients"),
    "escalated": _("No answer from %(from)s: the deputy %(to)s was alerted"),
    "person_status": _("%(name)s: %(status)s"),
    "org_status": _("%(name)s: %(status)s"),
    "update": _("Update sent: %(text)s"),
    "cancelled": _("Alert %(code)s cancelled"),
    "reply_counted": _("Message “%(text)s” counted for %(name)s: %(answer)s"),
    "reply_linked": _("Message “%(text)s” linked to %(name)s"),
    "reply_dismissed": _("Message “%(text)s” dismissed: %(note)s"),
    "resent": _("Alert %(code)s sent again to %(n)s who have not answered"),
    "help_request": _("Help request: %(n)s × %(skill)s: %(text)s"),
    "help_accepted": _(
        "Help request: %(name)s can help (%(accepted)s accepted, %(needed)s needed): %(text)s"
    ),
    "help_declined": _("Help request: %(name)s cannot help: %(text)s"),
    "help_declined_assigned": _(
        "Help request: %(name)s is assigned but answered that they cannot help: %(text)s"
    ),
}

# Parameters holding a status code, written out with the label of that status.
_LABELS = {
    "status": Incident.Status,
    "person_status": Recipient.PersonStatus,
    "org_status": Recipient.OrgStatus,
}
# Parameters holding an answer code ("yes", "late", "no"), written out with its label.
_ANSWER_EVENTS = {"reply_counted"}


def render(event: str, params: dict) -> str:
    """The entry's text in the active language."""
    template = EVENTS.get(event)
    if template is None:
        return ""
    values = dict(params)
    choices = _LABELS.get(event)
    if choices is not None and "status" in values:
        with contextlib.suppress(ValueError):  # a code no longer known: shown as stored
            values["status"] = choices(values["status"]).label
    if event in _ANSWER_EVENTS and values.get("answer") in Recipient.Answer.values:
        values["answer"] = Recipient.Answer(values["answer"]).label
        if values.get("minutes"):
            values["answer"] = f"{values['answer']} ({values['minutes']} min)"
    if event == "help_request" and not values.get("skill"):
        values["skill"] = "–"
    return str(template) % {k: str(v) for k, v in values.items()}


def entry_text(entry: SituationEntry) -> str:
    """The entry's text in the active language (an event's), or as written (a person's)."""
    if entry.event:
        return render(entry.event, entry.params) or entry.text
    return entry.text


def log_event(
    incident,
    event: str,
    *,
    author=None,
    organization=None,
    place="",
    severity=SituationEntry.Severity.INFO,
    **params,
):
    """Add an entry of the system's own to the incident's situation log."""
    with translation.override("en"):
        text = render(event, params)
    return SituationEntry.objects.create(
        incident=incident,
        author=author,
        organization=organization,
        place=place,
        severity=severity,
        event=event,
        params=params,
        text=text,
    )
