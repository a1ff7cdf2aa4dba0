"""Weather warnings of the demo (demo/warnings.json), written as CAP 1.2 XML and ingested
through the cap app's import, at times relative to the current hour: an active Severe wind
warning for Huittinen (so the coordinator's dashboard suggests opening an incident), a Muonio
cold warning updated to Extreme, and an expired one.

Identifiers are fixed, so a second run finds them and imports nothing; once the active
Huittinen warning has expired (or is about to), the demo's warnings are replaced.
"""

from datetime import datetime, timedelta
from xml.sax.saxutils import escape

from django.utils import timezone

from turvaverkko.cap.actions import import_cap
from turvaverkko.cap.models import CapAlert

from .files import read_json

PROFILE = "profile:cap:https://alerts.fmi.fi/cap/profile/v1.1.0"


def _time(value: datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _info(alert: dict, lang: str, sender_name: str, times: dict) -> str:
    text = alert[lang]
    area = alert["area"]
    codes = "".join(
        f"<geocode><valueName>FI-kuntanumero</valueName><value>{escape(c)}</value></geocode>"
        for c in area["codes"]
    )
    return f"""
  <info>
    <language>{lang}-FI</language>
    <category>Met</category>
    <event>{escape(text["event"])}</event>
    <urgency>Expected</urgency>
    <severity>{alert["severity"]}</severity>
    <certainty>Likely</certainty>
    <eventCode><valueName>{PROFILE}</valueName><value>{alert["event_code"]}</value></eventCode>
    <onset>{times["onset"]}</onset>
    <expires>{times["expires"]}</expires>
    <senderName>{escape(sender_name)}</senderName>
    <headline>{escape(text["headline"])}</headline>
    <description>{escape(text["description"])}</description>
    <area>
      <areaDesc>{escape(area["name"])}</areaDesc>
      <geocode><valueName>ISO 3166-2</valueName><value>{area["region"]}</value></geocode>
      {codes}
    </area>
  </info>"""


def cap_xml(alert: dict, spec: dict, sent_of: dict, now: datetime) -> str:
    times = {k: _time(now + timedelta(hours=alert[k])) for k in ("sent", "onset", "expires")}
    references = ""
    if alert.get("references"):
        ref = next(a for a in spec["alerts"] if a["key"] == alert["references"])
        references = (
            f"<references>{spec['sender']},{ref['identifier']},{sent_of[ref['key']]}</references>"
        )
    infos = "".join(_info(alert, lang, spec["sender_name"], times) for lang in ("fi", "sv"))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{alert["identifier"]}</identifier>
  <sender>{spec["sender"]}</sender>
  <sent>{times["sent"]}</sent>
  <status>Actual</status>
  <msgType>{alert["msg_type"]}</msgType>
  <scope>Public</scope>
  {references}
  <code>{PROFILE}</code>{infos}
</alert>
"""


def load_warnings(now: datetime | None = None) -> int:
    """Ingest the demo's warnings unless fresh ones are stored; returns how many were stored."""
    spec = read_json("warnings.json")
    now = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    identifiers = [a["identifier"] for a in spec["alerts"]]
    stored = CapAlert.objects.filter(sender=spec["sender"], identifier__in=identifiers)
    key_alert = next(a for a in spec["alerts"] if a["key"] == spec["refresh_key"])
    current = stored.filter(identifier=key_alert["identifier"]).first()
    margin = timedelta(hours=spec["refresh_when_key_expires_within_hours"])
    if current is not None and current.expires and current.expires > now + margin:
        return 0
    stored.delete()
    sent_of = {a["key"]: _time(now + timedelta(hours=a["sent"])) for a in spec["alerts"]}
    created = 0
    for alert in sorted(spec["alerts"], key=lambda a: a["sent"]):
        created += import_cap(cap_xml(alert, spec, sent_of, now).encode()).created
    return created
