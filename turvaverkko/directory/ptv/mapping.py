"""PTV v11 → the directory's records (standards.md §2.4). Pure functions, no database."""

import re
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from turvaverkko.areas.geo import to_wgs84

from .client import PtvError

LANGS = ("fi", "sv", "en")
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
TIME_RE = re.compile(r"^([0-1][0-9]|2[0-3]):(00|15|30|45)(:00)?$")  # §2.3: 15-minute steps
SERVICE_CLASS_URI = "http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/"
SERVICE_CLASS_RE = re.compile(r"^P[0-9]{1,2}(\.[0-9]{1,2})*$")


@dataclass
class HoursRule:
    byday: str
    opens_at: time
    closes_at: time
    valid_from: date | None = None
    valid_to: date | None = None
    descriptions: dict[str, str] = field(default_factory=dict)  # the hour's note by language


@dataclass
class HoursException:
    date: date
    closed: bool
    opens_at: time | None = None
    closes_at: time | None = None
    descriptions: dict[str, str] = field(default_factory=dict)  # the hour's note by language


@dataclass
class SiteRecord:
    ptv_id: str
    names: dict[str, str]
    descriptions: dict[str, str]
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    municipality_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    easting: float | None = None
    northing: float | None = None
    phone: str = ""
    email: str = ""
    url: str = ""
    accessibility: dict[str, str] = field(default_factory=dict)
    rules: list[HoursRule] = field(default_factory=list)
    exceptions: list[HoursException] = field(default_factory=list)
    service_ids: list[str] = field(default_factory=list)
    organization_id: str = ""
    deleted: bool = False
    modified: str = ""


@dataclass
class ServiceRecord:
    ptv_id: str
    names: dict[str, str]
    descriptions: dict[str, str]
    target_group_uris: list[str] = field(default_factory=list)
    service_classes: list[str] = field(default_factory=list)  # codes: "P4", "P4.12"
    languages: list[str] = field(default_factory=list)
    organization_id: str = ""
    deleted: bool = False
    modified: str = ""


@dataclass
class OrganizationRecord:
    ptv_id: str
    business_id: str
    names: dict[str, str]
    descriptions: dict[str, str]
    municipality_code: str = ""


def localised(items: Any, kind: str | None = None) -> dict[str, str]:
    """PTV's [{language, value, type}] as {language: value}, our three languages only."""
    out: dict[str, str] = {}
    for item in items or []:
        if not isinstance(item, dict):
            continue
        if kind is not None and item.get("type") not in (kind, None):
            continue
        lang, value = item.get("language"), item.get("value")
        if lang in LANGS and isinstance(value, str) and value.strip() and lang not in out:
            out[lang] = value.strip()
    return out


def _time(value: str, where: str) -> time:
    if not isinstance(value, str) or not TIME_RE.match(value):
        raise PtvError(f"{where}: time {value!r} is not HH:MM in 15-minute steps")
    hours, minutes = value.split(":")[:2]
    return time(int(hours), int(minutes))


def _date(value: Any) -> date | None:
    if not value:
        return None
    return date.fromisoformat(str(value)[:10])


def service_hours(hours: Any, where: str) -> tuple[list[HoursRule], list[HoursException]]:
    """Weekly rules (byday expanded from dayFrom..dayTo) and exceptional dates, each with the
    service hour's note (`additionalInformation`) in every language PTV gives it."""
    rules: list[HoursRule] = []
    exceptions: list[HoursException] = []
    for h in hours or []:
        kind = h.get("serviceHourType")
        valid_from, valid_to = _date(h.get("validFrom")), _date(h.get("validTo"))
        notes = localised(h.get("additionalInformation"))
        if kind == "Exceptional":
            day = valid_from
            if day is None:
                continue
            opening = (h.get("openingHour") or [None])[0]
            if h.get("isClosed") or opening is None:
                exceptions.append(HoursException(day, True, descriptions=notes))
            else:
                exceptions.append(
                    HoursException(
                        day,
                        False,
                        _time(opening["from"], where),
                        _time(opening["to"], where),
                        notes,
                    )
                )
            continue
        if h.get("isClosed") or h.get("isAlwaysOpen"):
            continue
        for oh in h.get("openingHour") or []:
            start = DAYS.index(oh["dayFrom"]) if oh.get("dayFrom") in DAYS else None
            if start is None:
                raise PtvError(f"{where}: unknown day {oh.get('dayFrom')!r}")
            end = DAYS.index(oh["dayTo"]) if oh.get("dayTo") in DAYS else start
            days = BYDAY[start : end + 1] if end >= start else BYDAY[start:] + BYDAY[: end + 1]
            rules.append(
                HoursRule(
                    ",".join(days),
                    _time(oh.get("from"), where),
                    _time(oh.get("to"), where),
                    valid_from,
                    valid_to,
                    dict(notes),
                )
            )
    return rules, exceptions


def _accessibility(entrances: Any) -> dict[str, str]:
    """Entrance accessibility sentences, localised, one text per language."""
    out: dict[str, list[str]] = {}
    for entrance in entrances or []:
        for group in entrance.get("accessibilitySentences") or []:
            for sentence in group.get("sentences") or [group]:
                for lang, text in localised(sentence.get("sentence")).items():
                    out.setdefault(lang, []).append(text)
    return {lang: " ".join(texts) for lang, texts in out.items()}


def organization(data: dict[str, Any]) -> OrganizationRecord:
    if not isinstance(data.get("id"), str):
        raise PtvError("organisation without an id")
    names = localised(data.get("organizationNames"), "Name")
    if not names:
        raise PtvError(f"organisation {data['id']}: no name in fi, sv or en")
    municipality = data.get("municipality") or {}
    return OrganizationRecord(
        ptv_id=data["id"],
        business_id=data.get("businessCode") or "",
        names=names,
        descriptions=localised(data.get("organizationDescriptions"), "Description"),
        municipality_code=str(municipality.get("code") or ""),
    )


def service_location(data: dict[str, Any]) -> SiteRecord:
    """A ServiceLocation channel as a site: EPSG:3067 coordinates (PTV's `latitude` holds
    the northing and `longitude` the easting) converted to WGS84."""
    ptv_id = data.get("id")
    if not isinstance(ptv_id, str):
        raise PtvError("service location without an id")
    where = f"service location {ptv_id}"
    names = localised(data.get("serviceChannelNames"), "Name")
    deleted = data.get("publishingStatus") == "Deleted"
    if not names and not deleted:
        raise PtvError(f"{where}: no name in fi, sv or en")
    record = SiteRecord(
        ptv_id=ptv_id,
        names=names,
        descriptions=localised(data.get("serviceChannelDescriptions"), "Description"),
        organization_id=str(data.get("organizationId") or ""),
        deleted=deleted,
        modified=str(data.get("modified") or ""),
    )
    for address in data.get("addresses") or []:
        street = address.get("streetAddress") or {}
        if address.get("type") != "Location" or not street:
            continue
        name = localised(street.get("street")).get("fi", "")
        record.street_address = f"{name} {street.get('streetNumber') or ''}".strip()
        record.postal_code = str(street.get("postalCode") or "")
        record.city = localised(street.get("postOffice")).get("fi", "")
        record.municipality_code = str((street.get("municipality") or {}).get("code") or "")
        north, east = street.get("latitude"), street.get("longitude")
        if north and east:
            try:
                record.northing, record.easting = float(north), float(east)
            except (TypeError, ValueError) as exc:
                raise PtvError(f"{where}: coordinates {north!r}, {east!r}") from exc
            record.latitude, record.longitude = to_wgs84(record.easting, record.northing)
        record.accessibility = _accessibility(address.get("entrances"))
        break
    phones = data.get("phoneNumbers") or []
    if phones:
        p = phones[0]
        record.phone = f"{p.get('prefixNumber') or ''}{p.get('number') or ''}".replace(" ", "")
    emails = data.get("emails") or []
    if emails:
        record.email = emails[0].get("value", "")
    pages = data.get("webPages") or []
    if pages:
        record.url = pages[0].get("url", "")
    record.rules, record.exceptions = service_hours(data.get("serviceHours"), where)
    record.service_ids = [
        s["service"]["id"]
        for s in data.get("services") or []
        if isinstance(s.get("service"), dict) and s["service"].get("id")
    ]
    return record


def _responsible(data: dict[str, Any]) -> str:
    """The organisation responsible for a service (PTV: organizations[].roleType)."""
    for item in data.get("organizations") or []:
        org = item.get("organization") or {}
        if item.get("roleType") == "Responsible" and org.get("id"):
            return str(org["id"])
    return str(data.get("mainResponsibleOrganization") or "")


def service_class_codes(items: Any) -> list[str]:
    """PTV's serviceClasses ({uri, code, ...} read, or bare URIs) as codes ("P4.12")."""
    codes: list[str] = []
    for item in items or []:
        uri = item.get("uri") if isinstance(item, dict) else item
        code = str(uri or "").removeprefix(SERVICE_CLASS_URI)
        if not SERVICE_CLASS_RE.match(code) and isinstance(item, dict):
            code = str(item.get("code") or "")
        if SERVICE_CLASS_RE.match(code) and code not in codes:
            codes.append(code)
    return codes


def service(data: dict[str, Any]) -> ServiceRecord:
    ptv_id = data.get("id")
    if not isinstance(ptv_id, str):
        raise PtvError("service without an id")
    deleted = data.get("publishingStatus") == "Deleted"
    names = localised(data.get("serviceNames"), "Name")
    if not names and not deleted:
        raise PtvError(f"service {ptv_id}: no name in fi, sv or en")
    return ServiceRecord(
        ptv_id=ptv_id,
        names=names,
        descriptions=localised(data.get("serviceDescriptions"), "Description")
        or localised(data.get("serviceDescriptions"), "Summary"),
        target_group_uris=[t.get("uri", "") for t in data.get("targetGroups") or []],
        service_classes=service_class_codes(data.get("serviceClasses")),
        languages=[x for x in data.get("languages") or [] if isinstance(x, str)],
        organization_id=_responsible(data),
        deleted=deleted,
        modified=str(data.get("modified") or ""),
    )
