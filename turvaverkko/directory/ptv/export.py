"""An association's own places and services in PTV's v11 IN shape (standards.md §2.3).

`site_channel()` gives a ServiceLocation channel, `validate()` applies §2.3's field rules, and
`post()` sends it only when settings.PTV_WRITE_URL is set (off by default: the IN API needs a
permission from DVV, and an association decides itself when to publish).
"""

import re
from datetime import date, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from .. import hours as site_hours
from ..models import OpeningException, PtvLink, Service, Site
from .mapping import BYDAY, DAYS, LANGS, SERVICE_CLASS_RE, SERVICE_CLASS_URI, TIME_RE

BUSINESS_CODE_RE = re.compile(r"^[0-9]{7}-[0-9]{1}$")
POSTAL_CODE_RE = re.compile(r"^[0-9]{5}$")
LANGUAGE_RE = re.compile(r"^[a-z-]*$")
MUNICIPALITY_RE = re.compile(r"^[0-9]{1,3}$")
SUMMARY_MAX = 150
NAME_MAX = 100


class PtvWriteDisabled(Exception):
    pass


# How far ahead a rule PTV's weekly hours cannot say ("the first Thursday of the month",
# every other week, even weeks) is written out as dated exceptional hours, and how far ahead
# the site's own exceptions (closed on Christmas Eve, other hours on a day) are sent.
EXCEPTIONAL_DAYS = 365
# PTV's limit for a service hour's additionalInformation in each language (V11 IN schema).
NOTE_MAX = 150


def _notes(obj: Any) -> list[dict[str, str]]:
    """A rule's or an exception's note as PTV's additionalInformation, in the languages that
    have text, each cut to PTV's 150 characters."""
    return [
        {"language": n["language"], "value": n["value"][:NOTE_MAX].rstrip()}
        for n in _strings(obj, "description")
    ]


def _opens(exception: OpeningException) -> bool:
    """Open at other hours (hours.openings_on: not closed and both times given)."""
    return not exception.closed and None not in (exception.opens_at, exception.closes_at)


def _times(opens_at: time, closes_at: time) -> dict[str, str]:
    return {"from": opens_at.strftime("%H:%M"), "to": closes_at.strftime("%H:%M")}


def _dated(day: date, closed: bool, opening: dict[str, str] | None, obj: Any) -> dict[str, Any]:
    """One "Exceptional" service hour for one date."""
    return {
        "serviceHourType": "Exceptional",
        "validFrom": day.isoformat(),
        "validTo": day.isoformat(),
        "isClosed": closed,
        "openingHour": [] if opening is None else [
            {"dayFrom": DAYS[day.weekday()], "dayTo": None, **opening}
        ],
        "additionalInformation": _notes(obj),
    }  # fmt: skip


def _exception_hours(site: Site, today: date) -> tuple[list[dict[str, Any]], set[date]]:
    """The site's exceptions from today on (EXCEPTIONAL_DAYS ahead) as "Exceptional" service
    hours, and their dates. As on the site page, a date's exceptions replace its openings: a
    date with other hours is open at those, one without any is closed."""
    exceptions = list(
        site.opening_exceptions.filter(
            date__gte=today, date__lte=today + timedelta(days=EXCEPTIONAL_DAYS)
        )
    )
    open_dates = {e.date for e in exceptions if _opens(e)}
    out = []
    for e in exceptions:
        if _opens(e):
            assert e.opens_at is not None and e.closes_at is not None
            out.append(_dated(e.date, False, _times(e.opens_at, e.closes_at), e))
        elif e.date not in open_dates:  # a "closed" beside other hours says nothing
            out.append(_dated(e.date, True, None, e))
    return out, {e.date for e in exceptions}


def _service_hours(site: Site, today: date) -> list[dict[str, Any]]:
    """PTV serviceHours of a site. PTV's regular hours ("DaysOfTheWeek") are every week; a
    rule on another pattern is written as one "Exceptional" entry per date for a year, so
    Suomi.fi never shows it open on a week it is not. The site's exceptions follow, each an
    "Exceptional" entry for its date (a rule's dated entry on such a date is left out).
    Notes go with each entry as additionalInformation."""
    exceptional, exception_dates = _exception_hours(site, today)
    out: list[dict[str, Any]] = []
    for rule in site.opening_rules.all():
        times = _times(rule.opens_at, rule.closes_at)
        recurrence = site_hours.recurrence_of(rule)
        weekly = recurrence is not None and recurrence.pattern == "weekly" and recurrence.weeks == 1
        if recurrence is None or weekly:
            days = [d for d in rule.byday.split(",") if d in BYDAY]
            out.append(
                {
                    "serviceHourType": "DaysOfTheWeek",
                    "validFrom": rule.valid_from.isoformat() if rule.valid_from else None,
                    "validTo": rule.valid_to.isoformat() if rule.valid_to else None,
                    "isClosed": False,
                    "openingHour": [
                        {"dayFrom": DAYS[BYDAY.index(d)], "dayTo": None, **times} for d in days
                    ],
                    "additionalInformation": _notes(rule),
                }
            )
            continue
        last = today + timedelta(days=EXCEPTIONAL_DAYS)
        if rule.valid_to:
            last = min(last, rule.valid_to)
        for day in recurrence.dates(max(today, rule.valid_from or today), last):
            if day not in exception_dates:
                out.append(_dated(day, False, times, rule))
    return out + exceptional


def _strings(obj: Any, field: str, kind: str | None = None) -> list[dict[str, str]]:
    out = []
    for lang in LANGS:
        value = (getattr(obj, f"{field}_{lang}", "") or "").strip()
        if value:
            item = {"language": lang, "value": value}
            if kind:
                item["type"] = kind
            out.append(item)
    return out


def _split_street(street: str) -> tuple[str, str]:
    match = re.match(r"^(.*?)\s+(\d+\S*(?:\s+\S+)?)$", street.strip())
    return (match.group(1), match.group(2)) if match else (street.strip(), "")


def site_channel(site: Site, organization_ptv_id: str = "") -> dict[str, Any]:
    """A site as a PTV v11 IN ServiceLocation channel."""
    names = _strings(site, "name", "Name")
    languages = [n["language"] for n in names]
    descriptions = _strings(site, "description", "Description")
    summaries = [
        {"language": d["language"], "value": d["value"][:SUMMARY_MAX], "type": "Summary"}
        for d in descriptions
    ]
    street, number = _split_street(site.street_address)
    address: dict[str, Any] = {
        "type": "Location",
        "subType": "Street",
        "streetAddress": {
            "street": [{"language": "fi", "value": street}],
            "streetNumber": number,
            "postalCode": site.postal_code,
            "municipality": site.municipality_id or "",
        },
    }
    if site.easting is not None and site.northing is not None:
        # PTV's latitude/longitude hold EPSG:3067 northing/easting in metres.
        address["streetAddress"]["latitude"] = str(round(site.northing))
        address["streetAddress"]["longitude"] = str(round(site.easting))
    hours = _service_hours(site, timezone.localdate())
    channel: dict[str, Any] = {
        "sourceId": f"turvaverkko-site-{site.pk}",
        "organizationId": organization_ptv_id,
        "serviceChannelNames": names,
        "serviceChannelDescriptions": descriptions + summaries,
        "languages": languages,
        "addresses": [address],
        "serviceHours": hours,
        "publishingStatus": "Published",
    }
    if site.phone:
        channel["phoneNumbers"] = [
            {"number": site.phone.removeprefix("+358"), "prefixNumber": "+358",
             "isFinnishServiceNumber": False, "language": "fi"}
        ]  # fmt: skip
    if site.email:
        channel["emails"] = [{"language": "fi", "value": site.email}]
    return channel


def _language_errors(item: dict[str, Any], prefix: str, what: str) -> list[str]:
    """Every declared language is valid and has a name, a description and a summary."""
    errors = []
    languages = item.get("languages") or []
    if not languages:
        errors.append("languages: at least one language is required")
    for lang in languages:
        if not LANGUAGE_RE.match(lang):
            errors.append(f"languages: {lang!r} does not match ^[a-z-]*$")
        for field, kind in (
            (f"{prefix}Names", "Name"),
            (f"{prefix}Descriptions", "Description"),
            (f"{prefix}Descriptions", "Summary"),
        ):
            if not any(
                x.get("language") == lang and x.get("type") == kind and x.get("value")
                for x in item.get(field) or []
            ):
                errors.append(f"{field}: no {kind} in {lang}, a language of the {what}")
    return errors


def validate(channel: dict[str, Any], business_code: str = "") -> list[str]:
    """§2.3's rules: every declared language has a name, a description and a summary; the
    regexes of business code, postal code, language and times; 15-minute service hours."""
    errors = []
    if business_code and not BUSINESS_CODE_RE.match(business_code):
        errors.append(f"businessCode {business_code!r} does not match ^[0-9]{{7}}-[0-9]{{1}}$")
    errors += _language_errors(channel, "serviceChannel", "channel")
    for name in channel.get("serviceChannelNames") or []:
        if len(name["value"]) > NAME_MAX:
            errors.append(f"serviceChannelNames ({name['language']}): over {NAME_MAX} characters")
    if not channel.get("organizationId"):
        errors.append("organizationId: required (the organisation's PTV id)")
    for address in channel.get("addresses") or []:
        street = address.get("streetAddress") or {}
        if not POSTAL_CODE_RE.match(str(street.get("postalCode") or "")):
            errors.append(f"postalCode {street.get('postalCode')!r}: five digits required")
        if not street.get("street") or not street["street"][0].get("value"):
            errors.append("streetAddress.street: required")
        if not MUNICIPALITY_RE.match(str(street.get("municipality") or "")):
            errors.append("streetAddress.municipality: a municipality code is required")
    for hours in channel.get("serviceHours") or []:
        for oh in hours.get("openingHour") or []:
            for key in ("from", "to"):
                if not TIME_RE.match(str(oh.get(key) or "")):
                    errors.append(f"serviceHours: {key} {oh.get(key)!r} is not in 15-minute steps")
    return errors


def service_payload(
    service: Service,
    organization_ptv_id: str,
    service_classes: list[str] | tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """A service as a PTV v11 IN Service. PTV requires at least one service class: the
    service's own (`ptv_service_classes`, chosen in the service editor or read from PTV)
    unless the caller names them (codes or URIs)."""
    codes = service.ptv_service_classes if service_classes is None else service_classes
    names = _strings(service, "name", "Name")
    descriptions = _strings(service, "description", "Description")
    return {
        "sourceId": f"turvaverkko-service-{service.pk}",
        "type": "Service",
        "fundingType": "PubliclyFunded",
        "serviceChargeType": "FreeOfCharge",
        "serviceNames": names,
        "serviceDescriptions": descriptions
        + [
            {"language": d["language"], "value": d["value"][:SUMMARY_MAX], "type": "Summary"}
            for d in descriptions
        ],
        "languages": [n["language"] for n in names],
        "targetGroups": [t.term_uri for t in service.target_groups.all() if t.term_uri],
        "serviceClasses": [c if "/" in c else SERVICE_CLASS_URI + c for c in codes or []],
        "areaType": "LimitedType",
        "areas": [
            {"type": "Municipality", "areaCodes": [s.municipality_id]}
            for s in service.sites.all()
            if s.municipality_id
        ][:1],  # fmt: skip
        "mainResponsibleOrganization": organization_ptv_id,
        "publishingStatus": "Published",
    }


def validate_service(payload: dict[str, Any]) -> list[str]:
    errors = _language_errors(payload, "service", "service")
    if not payload.get("serviceClasses"):
        errors.append(
            "serviceClasses: at least one PTV service class is required "
            "(choose one in the service editor)"
        )
    for uri in payload.get("serviceClasses") or []:
        if not SERVICE_CLASS_RE.match(str(uri).removeprefix(SERVICE_CLASS_URI)):
            errors.append(f"serviceClasses: {uri!r} is not a ptvserclass2 code URI")
    if not payload.get("targetGroups"):
        errors.append("targetGroups: at least one target group (a PTV KR code) is required")
    if not payload.get("mainResponsibleOrganization"):
        errors.append("mainResponsibleOrganization: required (the organisation's PTV id)")
    return errors


def organization_ptv_id(service: Service) -> str:
    """The PTV id of the service's organisation, if it was read from PTV."""
    link = PtvLink.objects.filter(
        kind=PtvLink.Kind.ORGANIZATION, local_id=service.organization_id
    ).first()
    return link.ptv_id if link else ""


def service_export(service: Service) -> tuple[dict[str, Any], list[str]]:
    """The service in PTV's IN shape (its own service classes) and what PTV would refuse."""
    payload = service_payload(service, organization_ptv_id(service))
    return payload, validate_service(payload)


def post(channel: dict[str, Any], session: Any = None) -> Any:
    """Send the channel to PTV's IN API; refused unless PTV_WRITE_URL is configured."""
    url = getattr(settings, "PTV_WRITE_URL", "")
    if not url:
        raise PtvWriteDisabled("Posting to PTV is off (set PTV_WRITE_URL to turn it on).")
    import requests

    errors = validate(channel)
    if errors:
        raise ValueError("; ".join(errors))
    response = (session or requests).post(url.rstrip("/") + "/ServiceChannel/ServiceLocation",
                                          json=channel, timeout=30)  # fmt: skip
    response.raise_for_status()
    return response.json()
