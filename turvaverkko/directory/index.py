"""An in-memory index of the published sites for the public search and map.

Why: matching words anywhere in names and descriptions (and in the names of the services
offered at a site) in three languages is a substring search. In SQL that is a scan of every
site and service row with UPPER(...) LIKE '%word%' on a dozen columns: about 300 ms for
20,000 sites and 50,000 services on PostgreSQL, without an extension index. Here the same
search over the casefolded texts takes milliseconds (and is remembered per word), the other
filters are numpy masks, and
"near me" is a vectorised distance over every site (no bounding-box round trips).

Freshness: `current_index()` reads a stamp from the database on each call (the counter of
published data that every save, deletion and many-to-many change adds one to in its own
transaction (freshness.py), and the newest `modified_at` of sites, services and their links:
four index look-ups in one query) and rebuilds the index when it changed, or when it is older
than MAX_AGE_SECONDS (a last resort for writes that bypass signals). Each worker process keeps
its own copy; a rebuild for 20,000 sites and 50,000 services takes one to three seconds.
"""

from __future__ import annotations

import bisect
import threading
import time
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from django.db import connection

from turvaverkko.core.models import Counter

from . import analysis, freshness
from .models import Service, ServiceAtLocation, Site

LANGS = ("fi", "sv", "en")
MAX_AGE_SECONDS = 300
VISIBLE_SERVICE_STATUSES = (Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED)
WORD_CACHE_SIZE = 1000
_FIELD_SEP = "\n"  # between fields, so that a word never matches across two fields


def current_stamp() -> tuple:
    """What changes when published data changes: the change counter (freshness.py), and the
    newest modified_at of each table (for writes that bypass signals)."""
    tables = [model._meta.db_table for model in (Site, Service, ServiceAtLocation)]
    quote = connection.ops.quote_name
    # Table names come from the models, not from input.
    parts = [f"(SELECT value FROM {quote(Counter._meta.db_table)} WHERE name = %s)"]  # noqa: S608
    parts += [f"(SELECT MAX(modified_at) FROM {quote(t)})" for t in tables]  # noqa: S608
    sql = "SELECT " + ", ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [freshness.COUNTER])
        return tuple(str(value) for value in cursor.fetchone())


# Finnish and Swedish sort å, ä, ö after z; other accents sort as their base letter.
_NORDIC = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


def sort_key(name: str) -> str:
    folded = name.casefold()
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded.translate(_NORDIC))
    return decomposed.encode("ascii", "ignore").decode()


def _casefold(*parts) -> str:
    return _FIELD_SEP.join(part.casefold() for part in parts if part)


class TermIndex:
    """An inverted index of analysed terms (analysis.py): a sorted vocabulary and, per term,
    the positions of the documents holding it. `prefixed(term)` are the documents with a term
    starting with `term`, the same rule as `search_text LIKE '% term%'` in SQL."""

    def __init__(self, documents: list[str]):
        postings: dict[str, list[int]] = {}
        for i, document in enumerate(documents):
            for term in set(document.split()):
                postings.setdefault(term, []).append(i)
        self.size = len(documents)
        self.vocabulary = sorted(postings)
        self.postings = [np.array(postings[t], dtype=np.int64) for t in self.vocabulary]

    def prefixed(self, term: str) -> np.ndarray:
        lo = bisect.bisect_left(self.vocabulary, term)
        hi = bisect.bisect_left(self.vocabulary, term + "\U0010ffff")
        if hi - lo == 1:
            return self.postings[lo]
        if hi == lo:
            return np.array([], dtype=np.int64)
        return np.unique(np.concatenate(self.postings[lo:hi]))

    def mask(self, alternatives: list[tuple[str, ...]]) -> np.ndarray:
        """Documents matching every word (one of the word's alternative terms)."""
        selected = np.ones(self.size, dtype=bool)
        for terms in alternatives:
            hit = np.zeros(self.size, dtype=bool)
            for term in terms:
                hit[self.prefixed(term)] = True
            selected &= hit
        return selected


@dataclass
class ServiceIndex:
    """The services of active organisations, for the HSDS search (same terms as the sites)."""

    ids: list
    terms: TermIndex
    name_terms: TermIndex
    sort_rank: dict[str, np.ndarray] = field(default_factory=dict)

    def search(self, alternatives, lang: str) -> np.ndarray:
        """Positions of the matching services: names matching every word first, then by name."""
        positions = self.terms.mask(alternatives).nonzero()[0]
        in_name = self.name_terms.mask(alternatives)[positions]
        rank = self.sort_rank.get(lang, self.sort_rank["fi"])[positions]
        return positions[np.lexsort((rank, ~in_name))]


@dataclass
class SiteIndex:
    stamp: tuple
    built_at: float
    ids: list
    position: dict
    terms: TermIndex  # the site's search_text and that of the services offered there
    name_terms: TermIndex  # terms of the names only, for ranking name matches first
    services: ServiceIndex
    municipality: np.ndarray
    postal_code: np.ndarray
    kind: np.ndarray
    low_threshold: np.ndarray
    easting: np.ndarray
    northing: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    target_groups: dict[str, np.ndarray] = field(default_factory=dict)
    languages: dict[str, np.ndarray] = field(default_factory=dict)
    sort_rank: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self):
        return len(self.ids)

    def mask(
        self,
        *,
        words=(),
        municipality=None,
        postal_code=None,
        target_group=None,
        language=None,
        kind=None,
        low_threshold=None,
    ) -> np.ndarray:
        """A boolean mask of the sites that match every given filter."""
        selected = np.ones(len(self.ids), dtype=bool)
        if words:
            selected &= self.terms.mask(words)
        if municipality:
            selected &= self.municipality == municipality
        if postal_code:
            selected &= self.postal_code == postal_code
        if kind:
            selected &= self.kind == kind
        if low_threshold:
            selected &= self.low_threshold
        for value, table in ((target_group, self.target_groups), (language, self.languages)):
            if value:
                members = np.zeros(len(self.ids), dtype=bool)
                members[table.get(value, np.array([], dtype=np.int64))] = True
                selected &= members
        return selected

    def positions_of(self, pks) -> np.ndarray:
        return np.array([self.position[pk] for pk in pks if pk in self.position], dtype=np.int64)

    def relevance(self, positions: np.ndarray, words=()) -> np.ndarray:
        """0 when the site's names hold every word, 1 otherwise (lower is better)."""
        if not words:
            return np.zeros(len(positions), dtype=np.int8)
        return (~self.name_terms.mask(words)[positions]).astype(np.int8)

    def order_by_name(self, positions: np.ndarray, lang: str, words=()) -> np.ndarray:
        """By relevance (names holding every word first), then alphabetical in `lang`."""
        rank = self.sort_rank.get(lang, self.sort_rank["fi"])[positions]
        return positions[np.lexsort((rank, self.relevance(positions, words)))]

    def order_by_distance(self, positions: np.ndarray, easting: float, northing: float, words=()):
        """(positions by relevance then nearest first, metres), sites with coordinates only."""
        positions = positions[~np.isnan(self.easting[positions])]
        metres = np.hypot(self.easting[positions] - easting, self.northing[positions] - northing)
        relevance = self.relevance(positions, words)
        order = np.lexsort((self.sort_rank["fi"][positions], metres, relevance))
        return positions[order], metres[order]


def _localized(values: dict, lang: str) -> str:
    for code in (lang, *LANGS):
        if values.get(code):
            return values[code]
    return ""


def _name_terms(*names: str) -> str:
    return analysis.search_text({None: [n for n in names if n]})


def build_services(service_rows) -> ServiceIndex:
    """service_rows: (pk, search_text, name_fi, name_sv, name_en) of public services."""
    ids, documents, names, sort_names = [], [], [], {lang: [] for lang in LANGS}
    for pk, text, *localized_names in service_rows:
        ids.append(pk)
        documents.append(text)
        names.append(_name_terms(*localized_names))
        by_lang = dict(zip(LANGS, localized_names, strict=True))
        for lang in LANGS:
            sort_names[lang].append(sort_key(_localized(by_lang, lang)))
    services = ServiceIndex(ids=ids, terms=TermIndex(documents), name_terms=TermIndex(names))
    for lang in LANGS:
        ranks = np.argsort(np.argsort(np.array(sort_names[lang], dtype=str), kind="stable"))
        services.sort_rank[lang] = ranks
    return services


def build_index(stamp: tuple) -> SiteIndex:
    text_fields = ["search_text", "alternate_name", *[f"name_{lang}" for lang in LANGS]]
    value_fields = ["municipality_id", "postal_code", "kind", "low_threshold"]
    value_fields += ["easting", "northing", "latitude", "longitude"]
    rows = list(
        Site.objects.filter(is_published=True)
        .order_by()
        .values_list("pk", *text_fields, *value_fields)
    )
    ids = [row[0] for row in rows]
    position = {pk: i for i, pk in enumerate(ids)}
    service_rows = list(
        Service.objects.filter(organization__is_active=True)
        .order_by("id")
        .values_list("pk", "search_text", "name_fi", "name_sv", "name_en", "status")
    )
    visible_text = {
        pk: text for pk, text, *_, status in service_rows if status in VISIBLE_SERVICE_STATUSES
    }
    service_texts: list[list[str]] = [[] for _ in ids]
    links = ServiceAtLocation.objects.filter(
        site__is_published=True, service__status__in=VISIBLE_SERVICE_STATUSES
    ).values_list("site_id", "service_id")
    services_at: dict = {}
    for site_id, service_id in links.order_by():
        services_at.setdefault(service_id, []).append(position[site_id])
        if service_id in visible_text:
            service_texts[position[site_id]].append(visible_text[service_id])

    n_text = len(text_fields)
    documents, names, sort_names = [], [], {lang: [] for lang in LANGS}
    for i, row in enumerate(rows):
        search_text, alternate_name, *localized_names = row[1 : 1 + n_text]
        documents.append(" ".join([search_text, *service_texts[i]]))
        names.append(_name_terms(alternate_name, *localized_names))
        name_by_lang = dict(zip(LANGS, localized_names, strict=True))
        for lang in LANGS:
            sort_names[lang].append(sort_key(_localized(name_by_lang, lang)))

    values = list(zip(*[row[1 + n_text :] for row in rows], strict=True)) or [()] * 8

    def column(index, dtype, empty=""):
        data = values[index] if values[index] else ()
        return np.array([empty if v is None else v for v in data], dtype=dtype)

    def floats(index):
        return np.array([np.nan if v is None else v for v in values[index]], dtype=float)

    index = SiteIndex(
        stamp=stamp,
        built_at=time.monotonic(),
        ids=ids,
        position=position,
        terms=TermIndex(documents),
        name_terms=TermIndex(names),
        services=build_services(row[:5] for row in service_rows),
        municipality=column(0, "U3"),
        postal_code=column(1, "U5"),
        kind=column(2, "U30"),
        low_threshold=np.array(values[3], dtype=bool),
        easting=floats(4),
        northing=floats(5),
        latitude=floats(6),
        longitude=floats(7),
    )
    for lang in LANGS:
        index.sort_rank[lang] = np.argsort(np.argsort(np.array(sort_names[lang], dtype=str)))
    index.target_groups = _memberships(
        Site.target_groups.through.objects.filter(taxonomyterm__taxonomy="target_group"),
        "site_id",
        "taxonomyterm__code",
        Service.target_groups.through.objects.filter(taxonomyterm__taxonomy="target_group"),
        "service_id",
        "taxonomyterm__code",
        position,
        services_at,
    )
    index.languages = _memberships(
        Site.languages.through.objects.all(),
        "site_id",
        "language_id",
        Service.languages.through.objects.all(),
        "service_id",
        "language_id",
        position,
        services_at,
    )
    return index


def _memberships(site_rows, site_key, site_value, service_rows, service_key, service_value,
                 position, services_at) -> dict[str, np.ndarray]:  # fmt: skip
    """{code: positions} of a site's own values and those of the services offered there."""
    members: dict[str, set[int]] = {}
    for site_id, code in site_rows.values_list(site_key, site_value):
        if site_id in position:
            members.setdefault(code, set()).add(position[site_id])
    for service_id, code in service_rows.values_list(service_key, service_value):
        for at in services_at.get(service_id, ()):
            members.setdefault(code, set()).add(at)
    return {code: np.fromiter(found, dtype=np.int64) for code, found in members.items()}


_lock = threading.Lock()
_index: SiteIndex | None = None


def current_index(stamp: tuple | None = None) -> SiteIndex:
    """The index for the data as it is now; rebuilt when the stamp changed or it aged."""
    global _index
    stamp = stamp if stamp is not None else current_stamp()
    index = _index
    fresh = index is not None and time.monotonic() - index.built_at < MAX_AGE_SECONDS
    if fresh and index.stamp == stamp:
        return index
    with _lock:
        if _index is None or _index.stamp != stamp or _index is index:
            _index = build_index(stamp)
        return _index


def forget_index() -> None:
    """Drop the index (tests do this between databases)."""
    global _index
    _index = None
