"""What the public HSDS endpoints and the export read: published data only, filtered.

Public means: services of active organisations; sites that are published; services at
sites only where the site is published. Contact persons appear only if public (see
serializers.Builder.contact); volunteers are never read.
"""

import math
import uuid
from datetime import UTC

from django.db.models import Count, Prefetch, Q, Window
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import get_current_timezone, make_aware

from turvaverkko.areas.geo import to_tm35fin
from turvaverkko.areas.models import PostalCode
from turvaverkko.directory.models import OpeningRule, Service, ServiceAtLocation, Site
from turvaverkko.registry.models import ContactPerson, Organization

from . import spec


class BadRequest(ValueError):
    """A query parameter that cannot be understood; the view answers 400 with the text."""


SITE_PREFETCH = [
    "organizations",
    "languages",
    "target_groups",
    "opening_exceptions",
    Prefetch("opening_rules", queryset=OpeningRule.objects.order_by("opens_at", "pk")),
]


def site_prefetch(prefix: str = "") -> list:
    out = []
    for item in SITE_PREFETCH:
        if isinstance(item, Prefetch):
            out.append(Prefetch(prefix + item.prefetch_through, queryset=item.queryset))
        else:
            out.append(prefix + item)
    return out


def public_sites():
    return Site.objects.filter(is_published=True)


def public_services():
    return Service.objects.filter(organization__is_active=True)


def public_organizations():
    return Organization.objects.filter(is_active=True)


def full_services(qs):
    sal_qs = (
        ServiceAtLocation.objects.filter(site__is_published=True)
        .select_related("site")
        .prefetch_related(*site_prefetch("site__"))
        .order_by("id")
    )
    return qs.select_related("organization").prefetch_related(
        Prefetch("opening_rules", queryset=OpeningRule.objects.order_by("opens_at", "pk")),
        "service_area",
        "languages",
        "themes",
        "target_groups",
        Prefetch("at_locations", queryset=sal_qs),
    )


def full_sites(qs):
    return qs.prefetch_related(*site_prefetch())


def full_organizations(qs):
    return qs.prefetch_related(
        "themes",
        "target_groups",
        "municipalities",
        Prefetch("contacts", queryset=ContactPerson.objects.filter(is_public=True)),
    )


def full_service_at_locations(qs):
    return qs.select_related("site", "service", "service__organization").prefetch_related(
        *site_prefetch("site__"),
        "service__opening_rules",
        "service__service_area",
        "service__languages",
        "service__themes",
        "service__target_groups",
    )


def page_with_total(rows_qs, offset: int, limit: int) -> tuple[list[dict], int]:
    """A page of a values() query and the total number of rows, in one query."""
    rows = list(rows_qs.annotate(_total=Window(Count("*")))[offset : offset + limit])
    if rows:
        return rows, rows[0]["_total"]
    return rows, (rows_qs.count() if offset else 0)


# --- Parameters ---------------------------------------------------------------------------


def parse_uuid(name: str, value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError):
        raise BadRequest(f"{name} must be a UUID.") from None


def parse_bool(name: str, value: str | None) -> bool:
    if value is None or value == "":
        return False
    lowered = value.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise BadRequest(f"{name} must be true or false.")


def parse_int(name: str, value: str | None, default: int, low: int, high: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"{name} must be an integer.") from None
    if not low <= number <= high:
        raise BadRequest(f"{name} must be between {low} and {high}.")
    return number


def parse_modified_after(value: str):
    try:
        # A well-formed but impossible moment ("T25:00", "02-30") raises ValueError.
        moment = parse_datetime(value) if "T" in value or " " in value else None
    except ValueError:
        raise BadRequest(
            "modified_after is not a valid date-time (hour 0-23, a day the month has)."
        ) from None
    if moment is None:
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        if day is None:
            raise BadRequest("modified_after must be an ISO 8601 date or date-time.")
        from datetime import datetime, time

        moment = datetime.combine(day, time.min)
    try:
        if moment.tzinfo is None:
            moment = make_aware(moment, get_current_timezone())
        # The database compares in UTC: 9999-12-31T23:59:59-23:59 is past year 9999 there.
        moment.astimezone(UTC)
    except OverflowError:
        raise BadRequest("modified_after is out of range (years 1-9999 in UTC).") from None
    return moment


def matches_words(words: list[str], *texts: str) -> bool:
    """Every (casefolded) word occurs in one of `texts`, casefolded."""
    folded = [(t or "").casefold() for t in texts]
    return all(any(word in text for text in folded) for word in words)


def casefold_search(qs, text: str, fields: tuple[str, ...]):
    """`qs` narrowed to rows where every word of `text` occurs in one of `fields`.

    Matched in Python with str.casefold, so "ÄÄNEKOSKI" finds "Äänekoski" on SQLite too
    (its LIKE folds ASCII only) and exactly the same rows on PostgreSQL. Used for the small
    tables (organisations, terms); services and sites have their lower-case `search_text`.
    """
    words = text.casefold().split()[:8]
    if not words:
        return qs
    rows = qs.order_by().values_list("pk", *fields)
    return qs.filter(pk__in=[pk for pk, *texts in rows.iterator() if matches_words(words, *texts)])


def taxonomy_q(field: str, params) -> Q:
    """`taxonomy_term_id` and `taxonomy_id`: services tagged with the term (or any term of
    the taxonomy) as a theme or a target group. `field` holds the service id."""
    q = Q()
    themes = Service.themes.through.objects
    groups = Service.target_groups.through.objects
    term_id = params.get("taxonomy_term_id")
    if term_id:
        term = parse_uuid("taxonomy_term_id", term_id)
        q &= Q(**{f"{field}__in": themes.filter(taxonomyterm_id=term).values("service_id")}) | Q(
            **{f"{field}__in": groups.filter(taxonomyterm_id=term).values("service_id")}
        )
    tax_id = params.get("taxonomy_id")
    if tax_id:
        parse_uuid("taxonomy_id", tax_id)
        codes = [c for c in spec.TAXONOMIES if spec.taxonomy_id(c) == tax_id]
        if not codes:
            return Q(pk__in=[])
        in_taxonomy = {"taxonomyterm__taxonomy": codes[0]}
        q &= Q(**{f"{field}__in": themes.filter(**in_taxonomy).values("service_id")}) | Q(
            **{f"{field}__in": groups.filter(**in_taxonomy).values("service_id")}
        )
    return q


def _point(params):
    """(easting, northing, postal code or None) of the request's reference point."""
    postcode = (params.get("postcode") or "").strip()
    lat, lon = params.get("lat"), params.get("lon")
    if lat or lon:
        try:
            lat_f, lon_f = float(lat), float(lon)
        except (TypeError, ValueError):
            raise BadRequest("lat and lon must both be decimal degrees (WGS84).") from None
        if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180) or math.isnan(lat_f + lon_f):
            raise BadRequest("lat and lon must be valid WGS84 coordinates.")
        return (*to_tm35fin(lat_f, lon_f), None)
    if not postcode:
        return None
    code = PostalCode.objects.filter(code=postcode).select_related("municipality").first()
    if code is None:
        return (None, None, None)
    lat_f = code.latitude if code.latitude is not None else code.municipality.latitude
    lon_f = code.longitude if code.longitude is not None else code.municipality.longitude
    return (*to_tm35fin(lat_f, lon_f), code)


class Place:
    """The HSDS `postcode` and `proximity` parameters (plus `lat`/`lon` of our profile).

    With `proximity` (metres): sites within that distance of the postcode's centroid (or of
    lat/lon). Without it: services whose service area contains the postcode's municipality,
    or that are offered at a published site in that postcode or municipality.
    """

    def __init__(self, params):
        self.active = False
        self.site_ids = None
        self.postcode = (params.get("postcode") or "").strip()
        self.municipality = None
        proximity = params.get("proximity")
        has_point = bool(params.get("lat") or params.get("lon"))
        if not self.postcode and not proximity and not has_point:
            return
        self.active = True
        point = _point(params)
        if not proximity:
            if has_point:
                raise BadRequest("lat and lon need proximity.")
            code = point[2]
            self.municipality = code.municipality_id if code is not None else None
            return
        try:
            metres = float(proximity)
        except ValueError:
            raise BadRequest("proximity must be a distance in metres.") from None
        if not 0 < metres <= 2_000_000:
            raise BadRequest("proximity must be between 0 and 2000000 metres.")
        if point is None:
            raise BadRequest("proximity needs postcode (or lat and lon).")
        easting, northing, _ = point
        if easting is None:
            self.site_ids = []
            return
        # The box uses the (easting, northing) index; the circle is exact.
        self.site_ids = [
            pk
            for pk, e, n in public_sites()
            .filter(
                easting__gte=easting - metres,
                easting__lte=easting + metres,
                northing__gte=northing - metres,
                northing__lte=northing + metres,
            )
            .values_list("pk", "easting", "northing")
            if (e - easting) ** 2 + (n - northing) ** 2 <= metres**2
        ]

    def _sites_q(self, prefix: str) -> Q:
        if self.site_ids is not None:
            return Q(**{f"{prefix}pk__in": self.site_ids})
        q = Q(**{f"{prefix}postal_code": self.postcode})
        if self.municipality:
            q |= Q(**{f"{prefix}municipality": self.municipality})
        return q

    def _area_services(self):
        return Service.service_area.through.objects.filter(
            municipality_id=self.municipality
        ).values("service_id")

    def for_service_at_locations(self) -> Q:
        if not self.active:
            return Q()
        q = self._sites_q("site__")
        if self.site_ids is None and self.municipality:
            q |= Q(service_id__in=self._area_services())
        return q

    def for_services(self) -> Q:
        if not self.active:
            return Q()
        at_sites = ServiceAtLocation.objects.filter(
            self._sites_q("site__"), site__is_published=True
        ).values("service_id")
        q = Q(pk__in=at_sites)
        if self.site_ids is None and self.municipality:
            q |= Q(pk__in=self._area_services())
        return q
