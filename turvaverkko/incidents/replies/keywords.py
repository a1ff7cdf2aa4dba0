"""SMS keywords a volunteer may send at any time, in fi/sv/en (docs/incidents.md):

- STOP / SEIS / STOPP: pause their alerts (do not alert until a year from today);
- START / ALOITA: resume them;
- INFO: their current task: the open alert they answered or were sent, or the help request
  they were asked to or assigned to (where and when).

Each is answered by SMS in the volunteer's language, once per inbound message. A keyword
from a number that belongs to no volunteer is not answered (no spam relay)."""

from django.utils import formats, timezone, translation
from django.utils.translation import pgettext

from turvaverkko.notify.actions import Message, queue_deliveries
from turvaverkko.notify.sms.text import compose_sms
from turvaverkko.volunteers import actions as volunteer_actions
from turvaverkko.volunteers.models import Volunteer

from ..alerting.messages import lang
from ..models import HelpAssignment, HelpRequest, Incident, Recipient

LIVE = [Incident.Status.OPEN, Incident.Status.ACTIVE, Incident.Status.STANDING_DOWN]


def volunteer_for(number: str) -> Volunteer | None:
    return Volunteer.objects.filter(phone=number, anonymised_at__isnull=True).order_by("pk").first()


def current_task(volunteer) -> str:
    """The volunteer's current task in the active language, "" when there is none."""
    recipient = (
        Recipient.objects.filter(
            volunteer=volunteer,
            activation__incident__status__in=LIVE,
            activation__is_cancelled=False,
        )
        .exclude(answer="no")
        .exclude(person_status=Recipient.PersonStatus.RELEASED)
        .select_related("activation__incident")
        .order_by("-activation__created_at")
        .first()
    )
    if recipient is not None:
        activation = recipient.activation
        values = {"incident": activation.incident.title, "code": activation.code}
        if recipient.answer in ("yes", "late"):
            text = pgettext("keyword reply", "Your task: %(incident)s, you said you are coming.")
        else:
            text = pgettext(
                "keyword reply", "Open alert: %(incident)s. Reply Y %(code)s / N %(code)s."
            )
        return f"{text % values} {activation.text_for(lang(volunteer.language))}"
    assignment = (
        HelpAssignment.objects.filter(
            volunteer=volunteer,
            help_request__status__in=[HelpRequest.Status.OPEN, HelpRequest.Status.FILLED],
            help_request__incident__status__in=LIVE,
            status__in=[
                HelpAssignment.Status.ASSIGNED,
                HelpAssignment.Status.ACCEPTED,
                HelpAssignment.Status.INVITED,
            ],
        )
        .select_related("help_request")
        .order_by("-created_at")
        .first()
    )
    if assignment is not None:
        hr = assignment.help_request
        return pgettext(
            "keyword reply", "Your task (%(status)s): %(place)s, %(when)s: %(text)s"
        ) % {
            "status": assignment.get_status_display(),
            "place": hr.place,
            "when": _window(hr),
            "text": hr.text,
        }
    return ""


def _window(help_request) -> str:
    """Local time, "23.11. 18:00–21:00" (as helprequests.messages.time_window, which replies
    may not import: helprequests uses replies)."""
    start = timezone.localtime(help_request.starts_at)
    out = f"{start.day}.{start.month}. {start:%H:%M}"
    if help_request.ends_at:
        end = timezone.localtime(help_request.ends_at)
        out += (
            f"–{end:%H:%M}"
            if end.date() == start.date()
            else f"–{end.day}.{end.month}. {end:%H:%M}"
        )
    return out


def handle_keyword(word: str, number: str, inbound_id: int) -> str | None:
    """Act on a keyword from a volunteer's number; None when the number is nobody's."""
    volunteer = volunteer_for(number)
    if volunteer is None:
        return None
    language = lang(volunteer.language)
    with translation.override(language):
        if word == "stop":
            until = volunteer_actions.pause_alerts(volunteer)
            text = pgettext(
                "keyword reply",
                "Your alerts are paused until %(date)s. To receive them again, reply START.",
            ) % {"date": formats.date_format(until, "j.n.Y")}
        elif word == "start":
            volunteer_actions.resume_alerts(volunteer)
            text = pgettext("keyword reply", "Your alerts are on again. To pause them, reply STOP.")
        else:
            text = current_task(volunteer) or pgettext(
                "keyword reply", "You have no open task now. Thank you for being ready to help."
            )
    queue_deliveries(
        f"incident-keyword:{inbound_id}",
        [
            Message(
                f"volunteer:{volunteer.pk}",
                "sms",
                number,
                compose_sms("", text, ""),
                language=language,
            )
        ],
    )
    return word
