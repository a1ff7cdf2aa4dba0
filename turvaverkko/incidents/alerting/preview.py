"""What the activation form shows before sending: each kind of recipient's SMS per language,
exactly as it will go out, with its length and parts, and the volunteers' shortfall.

The reply code is drawn only when the alert is sent: the preview uses a placeholder of the
same length, so the length and parts shown are those of the real message."""

import hashlib
import json
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from turvaverkko.notify.sms.text import info

from ..models import Activation, Incident, Recipient
from .activation import REPLY_CODE_DIGITS
from .messages import LANGUAGES, alert_sms, prefix
from .selection import Shortfall, shortfall

PLACEHOLDER_CODE = int("1" + "2" * (REPLY_CODE_DIGITS - 1))
PLACEHOLDER_PK = 10**6  # the link token of a recipient some way into the table


@dataclass
class SmsPreview:
    language: str
    kind: str  # "contact" or "volunteer"
    label: str
    text: str
    encoding: str  # "gsm7" or "ucs2"
    units: int
    parts: int
    shortened: bool


def _activation(incident: Incident, data: dict, user) -> Activation:
    return Activation(
        incident=incident,
        code=PLACEHOLDER_CODE,
        message=data.get("message") or "",
        message_sv=data.get("message_sv") or "",
        message_en=data.get("message_en") or "",
        is_exercise=incident.is_exercise,
        place=data.get("place") or "",
        meet_at=data.get("meet_at"),
        bring=data.get("bring") or "",
        sender=(user.get_full_name() or user.email)[:200],
    )


def sms_previews(incident: Incident, data: dict, user, task: str = "") -> list[SmsPreview]:
    """One preview per language and kind of recipient: an organisation contact (with the
    first proposed role's task, if any) and a volunteer."""
    activation = _activation(incident, data, user)
    out = []
    for language in LANGUAGES:
        kinds = [
            ("contact", _("Organisation contact"), task),
            ("volunteer", _("Volunteer"), ""),
        ]
        for kind, label, kind_task in kinds:
            recipient = Recipient(
                pk=PLACEHOLDER_PK,
                activation=activation,
                kind=kind,
                task=kind_task,
                language=language,
            )
            with translation.override(language):
                pre = prefix(activation.is_exercise, language)
                text, cut = alert_sms(recipient, activation.text_for(language), pre)
            encoding, units, parts = info(text)
            out.append(SmsPreview(language, kind, str(label), text, encoding, units, parts, cut))
    return out


def volunteer_shortfall(incident: Incident, data: dict) -> Shortfall | None:
    asked = data.get("volunteer_count") or 0
    if not asked:
        return None
    return shortfall(
        incident, asked=asked, skills=data.get("skills") or (), max_km=data.get("max_km")
    )


def fingerprint(data: dict) -> str:
    """A digest of every choice of the activation form: the summary step carries it, and
    the alert is sent only when the coordinator confirmed exactly these choices (their
    counts, previews and warnings)."""
    values = {}
    for key, value in data.items():
        if isinstance(value, (list, tuple, set)) or hasattr(value, "model"):
            value = ",".join(sorted(str(getattr(v, "pk", v)) for v in value))
        values[key] = "" if value is None or value == "" else str(value)
    raw = json.dumps(values, sort_keys=True).encode()
    return hashlib.sha256(raw).hexdigest()[:16]
