"""The public search of sites ("help near me"): filters, word search, open now, distance.

`search_sites()` is the one entry point for the search and map pages. Matching, ordering and
counting happen in the in-memory index (index.py: a few milliseconds for 20,000 sites); the
database is then asked only for the opening hours of the 20 sites of the page (what a result
shows is in the index too), in two lean values() queries. Design notes (docs/directory.md
has the long version):

- Word search: every word must match a term of a site's names, descriptions, address, post
  office or municipality, or of an active service offered there (its names, descriptions and
  organisation), in any of fi/sv/en whatever the page's language. Terms are Finnish base forms
  and compound parts and Swedish/English stems (analysis.py), so "vertaistuki" finds
  "vertaistukea" and "apu" finds "Ruoka-apu". The same rule runs in memory (index.TermIndex,
  the search page, the map, the HSDS search) and in SQL (`sites_q`, `services_q`: the REST
  API and HSDS with other filters), on SQLite and PostgreSQL alike.
- Ranking: sites whose names match every word first, then by distance ("near me") or name.
- Open now: `open_site_ids(now)` prefilters in SQL the weekly rules whose weekday and times
  cover `now` (or the overnight rules of yesterday) plus sites with an exception today or
  yesterday, then decides exactly in Python with `hours.is_open_at`. The set is cached for the
  minute (CACHE_SECONDS).
- Near me: straight-line distance on ETRS-TM35FIN easting/northing, vectorised over all the
  matching sites (numpy: well under a millisecond for 20,000), so no bounding-box widening is
  needed. Sites without coordinates are left out of "nearest first" results.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

import numpy as np
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db.models import F, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import get_language

from turvaverkko.areas.geo import to_tm35fin
from turvaverkko.areas.models import Municipality, PostalCode

from . import analysis, hours
from .index import LANGS, VISIBLE_SERVICE_STATUSES, SiteIndex, current_index, current_stamp
from .models import OpeningException, OpeningRule, ServiceAtLocation, Site

CACHE_SECONDS = 60
MAX_WORDS = analysis.MAX_QUERY_WORDS
SERVICES_PER_HIT = 3


def localized(row: dict, prefix: str, lang: str | None = None) -> str:
    """row["name_sv"] in Swedish, falling back to Finnish, Swedish, English."""
    return localized_with_lang(row, prefix, lang)[0]


def localized_with_lang(row: dict, prefix: str, lang: str | None = None) -> tuple[str, str]:
    """(text, its language code when it is a fallback, else "") for a `lang` attribute on
    text shown in another language than the page's (WCAG 3.1.2)."""
    lang = (lang or get_language() or "fi")[:2]
    for code in (lang, *LANGS):
        value = row.get(f"{prefix}_{code}")
        if value:
            return value, ("" if code == lang else code)
    return "", ""


def normalise_words(q: str) -> list[tuple[str, ...]]:
    """One tuple of alternative terms per query word (analysis.query_alternatives)."""
    return analysis.query_alternatives(q or "")


def terms_q(field: str, q: str) -> Q:
    """`field` (a search_text column) matches every word of `q`: the SQL form of the rule
    TermIndex applies in memory (`" " + term` occurs, i.e. a stored term starts with it)."""
    condition = Q()
    for alternatives in normalise_words(q):
        word = Q()
        for term in alternatives:
            word |= Q(**{f"{field}__contains": " " + term})
        condition &= word
    return condition


def _word_q(alternatives, field: str) -> Q:
    word = Q()
    for term in alternatives:
        word |= Q(**{f"{field}__contains": " " + term})
    return word


def sites_q(q: str) -> Q:
    """Sites matching `q` in SQL: each word in the site's own terms or in those of a visible
    service of an active organisation offered there (the documents of index.build_index)."""
    condition = Q()
    for alternatives in normalise_words(q):
        offered = ServiceAtLocation.objects.filter(
            _word_q(alternatives, "service__search_text"),
            service__status__in=VISIBLE_SERVICE_STATUSES,
            service__organization__is_active=True,
        ).values("site_id")
        condition &= _word_q(alternatives, "search_text") | Q(pk__in=offered)
    return condition


def services_q(q: str) -> Q:
    """Services matching `q` in SQL (their own terms, as ServiceIndex matches them)."""
    return terms_q("search_text", q)


def search_service_ids(
    q: str, lang: str | None = None, index: SiteIndex | None = None, limit: int | None = None
):
    """Ids of the public services matching `q` (a numpy array of UUIDs), best first (names
    matching every word), then by name in `lang`: the HSDS search's order. With `limit`,
    only the first `limit` of them (not sorting every match)."""
    return search_services(q, lang, index, limit)[0]


def search_services(
    q: str, lang: str | None = None, index: SiteIndex | None = None, limit: int | None = None
):
    """(ids as search_service_ids gives them, how many services match in all)."""
    lang = (lang or get_language() or "fi")[:2]
    index = index or current_index()
    services = index.services
    positions, total = services.search(normalise_words(q), lang, limit)
    return services.ids[positions], total


def resolve_municipality(value: str) -> str | None:
    """A municipality code from a code ("102", "91") or a Finnish or Swedish name."""
    value = (value or "").strip()
    if not value:
        return None
    by_name = cache.get("directory:municipality-names")
    if by_name is None:
        by_name = {}
        for code, fi, sv in Municipality.objects.values_list("code", "name_fi", "name_sv"):
            by_name[code] = code
            by_name[fi.casefold()] = code
            by_name[sv.casefold()] = code
        cache.set("directory:municipality-names", by_name, 3600)
    if value.isdigit() and len(value) <= 3:
        return by_name.get(value.zfill(3))
    return by_name.get(value.casefold())


def point_for_postal_code(code: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a postal area, or of its municipality when the area has none."""
    row = (
        PostalCode.objects.filter(code=code)
        .values("latitude", "longitude", "municipality__latitude", "municipality__longitude")
        .first()
    )
    if row is None:
        return None
    if row["latitude"] is not None and row["longitude"] is not None:
        return row["latitude"], row["longitude"]
    return row["municipality__latitude"], row["municipality__longitude"]


def municipality_name(code: str) -> str:
    municipality = Municipality.objects.filter(code=code).first()
    return municipality.name if municipality else code


def point_for_municipality(code: str) -> tuple[float, float] | None:
    row = Municipality.objects.filter(code=code).values_list("latitude", "longitude").first()
    return tuple(row) if row else None


@dataclass(frozen=True)
class SiteFilters:
    q: str = ""
    municipality: str | None = None  # code
    postal_code: str | None = None
    target_group: str | None = None  # TaxonomyTerm.code
    language: str | None = None  # Language.code
    kind: str | None = None
    low_threshold: bool | None = None

    def mask(self, index: SiteIndex, *, open_now=False, now=None):
        """The matching sites of `index` as a boolean mask."""
        selected = index.mask(
            words=normalise_words(self.q),
            municipality=self.municipality,
            postal_code=self.postal_code,
            target_group=self.target_group,
            language=self.language,
            kind=self.kind,
            low_threshold=self.low_threshold,
        )
        if open_now:
            is_open = np.zeros_like(selected)
            is_open[index.positions_of(open_site_ids(now, stamp=index.stamp))] = True
            selected &= is_open
        return selected


# --- Open now -------------------------------------------------------------------------------


def _valid_on(day) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


# What hours.is_open_at reads of a rule (hours.Rule).
RULE_VALUES = ("byday", "opens_at", "closes_at", "interval", "valid_from", "valid_to", "pattern",
               "nth")  # fmt: skip


def open_site_ids(now: datetime | None = None, *, stamp: tuple | None = None) -> frozenset:
    """Ids of the published sites open at `now`, by their own (not their services') hours.

    Cached for the minute and the data stamp (index.current_stamp), which every change of
    opening hours moves (freshness.py), so a change shows at once.
    """
    now = now or timezone.now()
    local = now.astimezone(hours.HELSINKI)
    stamp = stamp if stamp is not None else current_stamp()
    key = f"directory:open:{hash(stamp)}:{local:%Y%m%d%H%M}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    today, t = local.date(), local.time().replace(tzinfo=None, fold=0)
    yesterday = today - timedelta(days=1)
    # A superset in SQL: weekday and wall-clock times (intervals and DST are left to Python).
    covers_today = (
        Q(byday__icontains=hours.WEEKDAYS[today.weekday()])
        & _valid_on(today)
        & Q(opens_at__lte=t)
        & (Q(closes_at__gt=t) | Q(closes_at__lte=F("opens_at")))
    )
    runs_over_from_yesterday = (
        Q(byday__icontains=hours.WEEKDAYS[yesterday.weekday()])
        & _valid_on(yesterday)
        & Q(closes_at__lte=F("opens_at"))
        & Q(closes_at__gt=t)
    )
    # order_by(): the models order by site name, which would join and sort for nothing.
    site_rules = OpeningRule.objects.order_by().filter(
        service__isnull=True, site__isnull=False, site__is_published=True
    )
    candidates = site_rules.filter(covers_today | runs_over_from_yesterday).values("site_id")
    exceptional = (
        OpeningException.objects.order_by()
        .filter(date__in=(yesterday, today), site__is_published=True)
        .values("site_id")
    )
    rules_by_site, exceptions_by_site = defaultdict(list), defaultdict(list)
    for row in site_rules.filter(Q(site_id__in=candidates) | Q(site_id__in=exceptional)).values(
        "site_id", *RULE_VALUES
    ):
        rules_by_site[row.pop("site_id")].append(hours.Rule(**row))
    for row in (
        OpeningException.objects.order_by()
        .filter(date__in=(yesterday, today))
        .values("site_id", "date", "closed", "opens_at", "closes_at")
    ):
        exceptions_by_site[row.pop("site_id")].append(hours.Exception_(**row))
    result = frozenset(
        site_id
        for site_id in set(rules_by_site) | set(exceptions_by_site)
        if hours.is_open_at(rules_by_site[site_id], exceptions_by_site[site_id], now)
    )
    cache.set(key, result, CACHE_SECONDS)
    return result


# --- Results --------------------------------------------------------------------------------


@dataclass
class SiteHit:
    id: object
    name: str
    kind: str
    kind_label: str
    low_threshold: bool
    street_address: str
    postal_code: str
    city: str
    municipality_name: str
    latitude: float | None
    longitude: float | None
    distance_m: float | None = None
    url: str = ""
    # (id, name, language code when the name is a fallback, else "")
    services: list[tuple[object, str, str]] = field(default_factory=list)
    name_lang: str = ""  # the language of a fallback name (for its lang attribute)
    street_address_lang: str = ""
    more_services: int = 0
    open_until: datetime | None = None  # set when open now
    open_long: bool = False  # open now for more than a day (around the clock)
    # Parts of the result's HTML that depend on the site and the language only, written once
    # by directory_tags.search_hits and shared by the copies of an indexed hit.
    html: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_open(self) -> bool:
        return self.open_until is not None

    def copy(self) -> SiteHit:
        """A shallow copy (copy.copy's result, without its pickling protocol: 20 a page)."""
        hit = object.__new__(SiteHit)
        hit.__dict__.update(self.__dict__)
        return hit


@dataclass
class SearchPage:
    total: int
    items: list[SiteHit]
    page: int
    per_page: int
    near: tuple[float, float] | None = None

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1


def search_sites(
    *,
    q: str = "",
    municipality: str | None = None,
    postal_code: str | None = None,
    target_group: str | None = None,
    language: str | None = None,
    open_now: bool = False,
    near: tuple[float, float] | None = None,
    low_threshold: bool | None = None,
    kind: str | None = None,
    page: int = 1,
    per_page: int = 20,
    now: datetime | None = None,
    lang: str | None = None,
    index: SiteIndex | None = None,
) -> SearchPage:
    """One page of published sites matching the filters.

    `near` is (latitude, longitude): results are then the sites with coordinates, nearest
    first, with `distance_m`. `now` decides "open now" (default: the wall clock). `lang` picks
    the language of names (default: the active one, falling back to Finnish). `index` lets a
    caller that already holds the current index skip the freshness check.
    """
    lang = (lang or get_language() or "fi")[:2]
    now = now or timezone.now()
    page = max(1, int(page))
    index = index or current_index()
    filters = SiteFilters(
        q=q,
        municipality=municipality,
        postal_code=postal_code,
        target_group=target_group,
        language=language,
        kind=kind,
        low_threshold=low_threshold,
    )
    positions = filters.mask(index, open_now=open_now, now=now).nonzero()[0]
    offset = (page - 1) * per_page
    distances = None
    if near is not None:
        positions, distances, total = index.order_by_distance(
            positions, *to_tm35fin(*near), words=normalise_words(q), limit=offset + per_page
        )
    else:
        total = len(positions)
        positions = index.order_by_name(
            positions, lang, normalise_words(q), limit=offset + per_page
        )
    page_positions = positions[offset : offset + per_page].tolist()
    ids = [index.ids[i] for i in page_positions]
    rows = [index.shown[i] for i in page_positions]
    metres = {}
    if distances is not None:
        metres = dict(zip(ids, distances[offset : offset + per_page].tolist(), strict=True))
    # The URL of each hit is that of the placeholder with its id put in.
    url_pattern = _site_url_pattern(get_language(), get_script_prefix(), get_urlconf())
    items = []
    for i, row in zip(page_positions, rows, strict=True):
        item = _indexed_hit(index, i, lang, url_pattern).copy()
        item.distance_m = metres.get(row["id"])
        items.append(item)
    _attach_open_state(items, now, index)
    return SearchPage(total=total, items=items, page=page, per_page=per_page, near=near)


def _indexed_hit(index: SiteIndex, position: int, lang: str, url_pattern: str) -> SiteHit:
    """What a result shows of a site in `lang` that depends on nothing but the site (its
    names, address, services offered): made the first time a search shows the site and kept
    in the index's row store (dropped, and made again, whenever published data changes).
    A search copies it and adds its own distance, open state and outreach visit."""
    key = ("site-hit", lang, url_pattern, position)
    hit = index.rows.get(key)
    if hit is None:
        hit = _hit(index.shown[position], lang, None, url_pattern)
        _attach_services([hit], lang, [index.offered[position]])
        index.rows[key] = hit
    return hit


_URL_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


@lru_cache(maxsize=32)
def _site_url_pattern(lang: str | None, script_prefix: str, urlconf) -> str:
    """A site page's URL with the placeholder id: one reverse() per language (it gives the
    URL's language prefix), script prefix and URL configuration."""
    return reverse("directory:site_detail", kwargs={"pk": _URL_PLACEHOLDER})


setting_changed.connect(lambda **kwargs: _site_url_pattern.cache_clear())


def _hit(row: dict, lang: str, distance: float | None, url_pattern: str) -> SiteHit:
    municipality = row["municipality__name_fi"] or ""
    if lang == "sv" and row["municipality__name_sv"]:
        municipality = row["municipality__name_sv"]
    name, name_lang = localized_with_lang(row, "name", lang)
    street_address, street_address_lang = localized_with_lang(row, "street_address", lang)
    return SiteHit(
        id=row["id"],
        name=name,
        name_lang=name_lang,
        street_address_lang=street_address_lang,
        kind=row["kind"],
        kind_label=str(Site.Kind(row["kind"]).label) if row["kind"] in Site.Kind else "",
        low_threshold=row["low_threshold"],
        street_address=street_address,
        postal_code=row["postal_code"],
        city=row["city"],
        municipality_name=municipality,
        latitude=row["latitude"],
        longitude=row["longitude"],
        distance_m=distance,
        url=url_pattern.replace(_URL_PLACEHOLDER, str(row["id"])),
    )


def _attach_services(items: list[SiteHit], lang: str, offered: list[list[tuple]]) -> None:
    """The services offered at each hit (from the index), by name in `lang`."""
    for hit, services_here in zip(items, offered, strict=True):
        named = [
            (pk, *localized_with_lang({"name_fi": fi, "name_sv": sv, "name_en": en}, "name", lang))
            for pk, fi, sv, en in services_here
        ]
        services = sorted(named, key=lambda s: s[1].casefold())
        hit.services = services[:SERVICES_PER_HIT]
        hit.more_services = max(0, len(services) - SERVICES_PER_HIT)


def _attach_open_state(items: list[SiteHit], now: datetime, index: SiteIndex) -> None:
    """Open now and until when, from the index's opening hours (no query)."""
    for hit in items:
        rules = index.rules.get(hit.id, [])
        exceptions = index.exceptions.get(hit.id, [])
        if rules or exceptions:
            span = hours.open_interval_at(rules, exceptions, now)
            hit.open_until = span[1] if span else None
            hit.open_long = span is not None and span[1] - now > timedelta(days=1)
