"""Incidents opened from FMI weather warnings (cap), and what happens to them when FMI
updates or cancels the warning (cap.signals.warning_changed, connected in receivers.py)."""

from django.utils.translation import get_language

from turvaverkko.cap.models import CapAlert
from turvaverkko.cap.suggestions import EVENT_SCENARIOS, matching_scenario
from turvaverkko.registry.rules import coordinated_municipality_codes

from .log import log_event
from .models import Incident, SituationEntry

CAP_SEVERITIES = {
    "Extreme": Incident.Severity.EXTREME,
    "Severe": Incident.Severity.SEVERE,
    "Moderate": Incident.Severity.MODERATE,
    "Minor": Incident.Severity.MINOR,
}


def warning_for(user, pk) -> CapAlert | None:
    """The warning `pk` when the user may open an incident from it (its area is theirs)."""
    alert = CapAlert.objects.filter(pk=pk).prefetch_related("municipalities").first()
    if alert is None or not user.has_perm("cap.dismiss_warning", alert):
        return None
    return alert


def warning_municipalities(user, alert: CapAlert) -> list:
    codes = coordinated_municipality_codes(user)
    return [m for m in alert.municipalities.all() if codes is None or m.code in codes]


def warning_initial(user, alert: CapAlert) -> dict:
    """The incident form prefilled from the warning, in the coordinator's language."""
    text = alert.text_for(get_language() or "fi")
    kind = EVENT_SCENARIOS.get(alert.event_code, ["other"])[0]
    lines = [text.get("description", ""), text.get("instruction", "")]
    lines.append(f"FMI: {alert.identifier}")
    return {
        "title": (text.get("headline") or text.get("event") or alert.identifier)[:200],
        "type": kind if kind in Incident.Type.values else Incident.Type.OTHER,
        "severity": CAP_SEVERITIES.get(alert.severity, Incident.Severity.MODERATE),
        "municipalities": warning_municipalities(user, alert),
        "description": "\n\n".join(line for line in lines if line),
    }


def warning_scenario(user, alert: CapAlert):
    scenario, _has_plan = matching_scenario(alert, warning_municipalities(user, alert))
    return scenario


def warning_changed(old: CapAlert, new: CapAlert, msg_type: str) -> None:
    """FMI updated or cancelled the warning an incident was opened from: the incident's log
    says so (a warning entry, also shown on the coordinator's dashboard); after an Update the
    incident follows the new warning, so a later Cancel of it reaches the incident too."""
    for incident in Incident.objects.filter(cap_alert=old):
        if msg_type == "Cancel":
            log_event(
                incident,
                "warning_cancelled",
                severity=SituationEntry.Severity.WARNING,
                headline=old.headline,
            )
        else:
            log_event(
                incident,
                "warning_updated",
                severity=SituationEntry.Severity.WARNING,
                headline=new.headline,
                severity_word=new.severity,
            )
            incident.cap_alert = new
            incident.save(update_fields=["cap_alert"])
