"""Parsing FMI CAP 1.2 warnings (standards.md §3): an Atom feed or a single alert.

Only alerts from the FMI sender are accepted (importing.CapImporter then keeps status Actual, scope
Public). A whole file is checked before anything is stored: a malformed or foreign file
changes nothing. DOCTYPE and entity declarations are refused (no defusedxml here).
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from xml.parsers import expat

from django.utils.translation import gettext as _

CAP = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM = "http://www.w3.org/2005/Atom"
FMI_SENDER = "urn:oid:2.49.0.0.246.0"
FMI_PROFILE = "profile:cap:https://alerts.fmi.fi/cap/profile/v1.1.0"
MAX_BYTES = 5 * 1024 * 1024
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


class CapError(ValueError):
    pass


@dataclass
class ParsedAlert:
    sender: str
    identifier: str
    sent: datetime
    status: str
    scope: str
    msg_type: str
    references: list[tuple[str, str]]
    event_code: str = ""
    event: str = ""
    severity: str = ""
    headline: str = ""
    description: str = ""
    onset: datetime | None = None
    expires: datetime | None = None
    codes: set[str] = field(default_factory=set)
    polygons: list[list[list[float]]] = field(default_factory=list)  # of [lat, lon] points
    color: str = ""  # FMI's awareness colour: green, yellow, orange, red
    # Every info block as sent (fi-FI, sv-FI, en-GB ...): language, event, headline,
    # description, instruction, areas (areaDesc).
    infos: list[dict[str, Any]] = field(default_factory=list)
    raw: str = ""  # the alert's bytes as received (decoded UTF-8), not re-serialised


# CAP severity -> FMI's awareness colour, when the alert does not name one
SEVERITY_COLORS = {"Minor": "green", "Moderate": "yellow", "Severe": "orange", "Extreme": "red"}
_COLORS = {"green", "yellow", "orange", "red"}


def _color(info: ET.Element) -> str:
    """FMI's colour from a `color` parameter or the MeteoAlarm `awareness_level`
    ("3; orange; Severe")."""
    for param in info.findall(f"{{{CAP}}}parameter"):
        name, value = _text(param, "valueName"), _text(param, "value").lower()
        if name == "color" and value in _COLORS:
            return value
        if name == "awareness_level":
            for part in value.split(";"):
                if part.strip() in _COLORS:
                    return part.strip()
    return ""


def _alert_spans(data: bytes) -> list[tuple[int, int]]:
    """Byte offsets (start, end) of every CAP alert element in the document, in document
    order, so that each alert's XML can be kept exactly as received."""
    parser = expat.ParserCreate(namespace_separator=" ")
    spans: list[tuple[int, int]] = []
    starts: list[int] = []
    depth = [0]
    tag = f"{CAP} alert"

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == tag:
            if not starts:
                starts.append(parser.CurrentByteIndex)
            depth[0] += 1

    def end(name: str) -> None:
        if name == tag:
            depth[0] -= 1
            if depth[0] == 0:
                at = parser.CurrentByteIndex
                # at the end tag ("</alert>") or, for an empty element, inside the start tag
                close = data.index(b">", at) + 1
                spans.append((starts.pop(), close))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(data, True)
    return spans


def _text(el: ET.Element, name: str) -> str:
    found = el.find(f"{{{CAP}}}{name}")
    return (found.text or "").strip() if found is not None else ""


def _time(value: str, what: str) -> datetime:
    if not _DATETIME.match(value):
        raise CapError(
            _("Invalid CAP date-time in %(what)s: %(value)s") % {"what": what, "value": value}
        )
    return datetime.fromisoformat(value)


def _optional_time(value: str, what: str) -> datetime | None:
    """An optional element's date-time: None when it is absent or empty."""
    return _time(value, what) if value else None


def _polygon(text: str) -> list[list[float]]:
    points = []
    for pair in text.split():
        lat, _sep, lon = pair.partition(",")
        try:
            points.append([float(lat), float(lon)])
        except ValueError:
            raise CapError(_("Invalid polygon in CAP area.")) from None
    if len(points) < 4:
        raise CapError(_("A CAP polygon needs at least four points."))
    return points


def _parse_alert(el: ET.Element) -> ParsedAlert:
    required = ["identifier", "sender", "sent", "status", "msgType", "scope"]
    missing = [name for name in required if not _text(el, name)]
    if missing:
        raise CapError(_("CAP alert lacks %(fields)s.") % {"fields": ", ".join(missing)})
    refs = []
    for triple in _text(el, "references").split():
        parts = triple.split(",")
        if len(parts) != 3:
            raise CapError(_("Invalid CAP references: %(value)s") % {"value": triple})
        refs.append((parts[0], parts[1]))
    alert = ParsedAlert(
        sender=_text(el, "sender"),
        identifier=_text(el, "identifier"),
        sent=_time(_text(el, "sent"), "sent"),  # required: not empty, checked above
        status=_text(el, "status"),
        scope=_text(el, "scope"),
        msg_type=_text(el, "msgType"),
        references=refs,
    )
    infos = el.findall(f"{{{CAP}}}info")
    # Finnish first, then whichever language comes first
    infos.sort(key=lambda i: _text(i, "language") != "fi-FI")
    for i, info in enumerate(infos):
        alert.infos.append(
            {
                "language": _text(info, "language") or "en-US",
                "event": _text(info, "event"),
                "headline": _text(info, "headline"),
                "description": _text(info, "description"),
                "instruction": _text(info, "instruction"),
                "areas": [_text(a, "areaDesc") for a in info.findall(f"{{{CAP}}}area")],
            }
        )
        if not alert.color:
            alert.color = _color(info)
        if i == 0:
            alert.event = _text(info, "event")
            alert.severity = _text(info, "severity")
            alert.headline = _text(info, "headline")
            alert.description = _text(info, "description")
            alert.onset = _optional_time(_text(info, "onset"), "onset")
            alert.expires = _optional_time(_text(info, "expires"), "expires")
            for code in info.findall(f"{{{CAP}}}eventCode"):
                if _text(code, "valueName") == FMI_PROFILE:
                    alert.event_code = _text(code, "value")
        for area in info.findall(f"{{{CAP}}}area"):
            for geocode in area.findall(f"{{{CAP}}}geocode"):
                if _text(geocode, "valueName") == "FI-kuntanumero":
                    alert.codes.add(_text(geocode, "value").zfill(3))
            if i == 0:
                alert.polygons += [
                    _polygon(p.text or "") for p in area.findall(f"{{{CAP}}}polygon")
                ]
    return alert


def parse(data: bytes) -> list[ParsedAlert]:
    """Parse a CAP alert or an Atom feed of them; CapError on anything not FMI CAP 1.2."""
    if len(data) > MAX_BYTES:
        raise CapError(_("The file is too large (over 5 MB)."))
    try:
        data.decode("utf-8")  # also keeps a UTF-16 DOCTYPE from slipping past the check below
    except UnicodeDecodeError:
        raise CapError(_("The file is not UTF-8 encoded XML.")) from None
    head = data.upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise CapError(_("DOCTYPE and entity declarations are not accepted."))
    try:
        # DOCTYPE and entities are refused above, which is what defusedxml would block.
        root = ET.fromstring(data)  # noqa: S314
    except ET.ParseError as exc:
        line, column = exc.position
        raise CapError(
            _("The file is not well-formed XML (line %(line)s, column %(column)s).")
            % {"line": line, "column": column + 1}
        ) from None
    if root.tag == f"{{{CAP}}}alert":
        elements = [root]
    elif root.tag == f"{{{ATOM}}}feed":
        elements = root.findall(f".//{{{CAP}}}alert")
    else:
        raise CapError(
            _("Not a CAP 1.2 alert or an Atom feed of them (root %(tag)s).") % {"tag": root.tag}
        )
    alerts = [_parse_alert(el) for el in elements]
    if root.tag == f"{{{CAP}}}alert":
        alerts[0].raw = data.decode("utf-8")  # the whole document, declaration included
    else:
        for alert, (start, end) in zip(alerts, _alert_spans(data), strict=True):
            alert.raw = data[start:end].decode("utf-8")
    for alert in alerts:
        alert.color = alert.color or SEVERITY_COLORS.get(alert.severity, "")
    foreign = [a.sender for a in alerts if a.sender != FMI_SENDER]
    if foreign:
        raise CapError(_("Not an FMI feed: sender %(sender)s.") % {"sender": foreign[0]})
    return alerts
