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
import os
import threading
import time
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import connection

from turvaverkko.core.models import Counter

from . import analysis, freshness, hours
from .models import OpeningException, OpeningRule, Service, ServiceAtLocation, Site

LANGS = ("fi", "sv", "en")
MAX_AGE_SECONDS = 300
VISIBLE_SERVICE_STATUSES = (Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED)
WORD_CACHE_SIZE = 1000


_stamp_memo: tuple | None = None  # (monotonic time, freshness.generation(), stamp)


def current_stamp() -> tuple:
    """What changes when published data changes: the change counter (freshness.py), and the
    newest modified_at of each table (for writes that bypass signals).

    Read from the database at most every DIRECTORY_STAMP_SECONDS (default 1) per process, so
    that a search needs no query at all (nor the connection's health check): a change made
    in this process is seen at once (freshness.changed() drops the memo, also on commit), one
    made by another machine within that second. Inside a transaction (and so in tests) it is
    always read."""
    global _stamp_memo
    seconds = float(getattr(settings, "DIRECTORY_STAMP_SECONDS", 1))
    memo = _stamp_memo
    now = time.monotonic()
    if (
        memo is not None
        and now - memo[0] < seconds
        and memo[1] == freshness.generation()
        and not connection.in_atomic_block
    ):
        return memo[2]
    generation = freshness.generation()
    stamp = _read_stamp()
    if seconds > 0 and not connection.in_atomic_block:
        _stamp_memo = (now, generation, stamp)
    return stamp


def forget_stamp() -> None:
    global _stamp_memo
    _stamp_memo = None


def _read_stamp() -> tuple:
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


class TermIndex:
    """An inverted index of analysed terms (analysis.py): a sorted vocabulary and, per term,
    the positions of the documents holding it (one flat array, sliced per term). `hit(terms)`
    are the documents with a term starting with one of `terms`, the same rule as
    `search_text LIKE '% term%'` in SQL. A document's name terms are stored marked
    (analysis.NAME_MARK), so `hit(terms, names=True)` matches names only."""

    def __init__(self, documents: list[str]):
        self.size = len(documents)
        all_terms = " ".join(documents).split()
        # search_text is " term term ...": one space per term.
        counts = np.fromiter((d.count(" ") for d in documents), dtype=np.int64, count=self.size)
        if int(counts.sum()) != len(all_terms):
            counts = np.fromiter(
                (len(d.split()) for d in documents), dtype=np.int64, count=self.size
            )
        # dict.fromkeys and map(dict.__getitem__) run in C: about 0.1 µs a term.
        vocabulary = {term: i for i, term in enumerate(dict.fromkeys(all_terms))}
        term_ids = np.fromiter(
            map(vocabulary.__getitem__, all_terms), dtype=np.int64, count=len(all_terms)
        )
        order = np.argsort(term_ids, kind="stable")
        self.documents = np.repeat(np.arange(self.size, dtype=np.int64), counts)[order]
        self.starts = np.searchsorted(term_ids[order], np.arange(len(vocabulary) + 1))
        self.vocabulary = sorted(vocabulary)
        self.ids = [vocabulary[t] for t in self.vocabulary]

    def prefixed(self, term: str) -> np.ndarray:
        lo = bisect.bisect_left(self.vocabulary, term)
        hi = bisect.bisect_left(self.vocabulary, term + "\U0010ffff")
        slices = [self.documents[self.starts[i] : self.starts[i + 1]] for i in self.ids[lo:hi]]
        if not slices:
            return np.array([], dtype=np.int64)
        return slices[0] if len(slices) == 1 else np.concatenate(slices)

    def hit(self, terms: tuple[str, ...], *, names: bool = False) -> np.ndarray:
        """A boolean mask of the documents matching one word (any of its alternatives)."""
        found = np.zeros(self.size, dtype=bool)
        for term in terms:
            found[self.prefixed(analysis.NAME_MARK + term if names else term)] = True
        return found

    def mask(self, alternatives: list[tuple[str, ...]], *, names: bool = False) -> np.ndarray:
        """Documents matching every word (one of the word's alternative terms)."""
        selected = np.ones(self.size, dtype=bool)
        for terms in alternatives:
            selected &= self.hit(terms, names=names)
        return selected


@dataclass
class ServiceIndex:
    """The services of active organisations, for the HSDS search (same terms as the sites)."""

    ids: np.ndarray  # of UUIDs (dtype object): ids[positions] is one C call
    terms: TermIndex
    sort_rank: dict[str, np.ndarray] = field(default_factory=dict)

    def search(self, alternatives, lang: str, limit: int | None = None) -> tuple[np.ndarray, int]:
        """(positions of the matching services, how many match): names matching every word
        first, then by name; only the first `limit` when given (a page of 50 of thousands:
        no full sort, the same order as the full sort's)."""
        positions = self.terms.mask(alternatives).nonzero()[0]
        not_in_name = ~self.terms.mask(alternatives, names=True)[positions]
        rank = self.sort_rank.get(lang, self.sort_rank["fi"])[positions]
        # Ranks are unique, so this one key orders as (not in name, rank) does.
        primary = not_in_name.astype(np.int64) * self.terms.size + rank
        return positions[_first_in_order((rank, not_in_name), primary, limit)], len(positions)


@dataclass
class SiteIndex:
    stamp: tuple
    built_at: float
    ids: list
    position: dict
    terms: TermIndex  # the site's own search_text (names marked)
    # The site's search_text and that of every visible service offered there, one document
    # per site: a word matches a site when it matches either (one lookup, not two and a
    # join through the links).
    reach: TermIndex
    services: ServiceIndex
    shown: list[dict]  # per site: the fields a result shows (search.SiteHit)
    offered: list[list[tuple]]  # per site: (id, name_fi, name_sv, name_en) of visible services
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
    # A site's own opening rules and exceptions (all dates), so that a page of results needs
    # no query for its "open now" state; a change of them moves the stamp (freshness.py).
    rules: dict = field(default_factory=dict)  # site id: [hours.Rule]
    exceptions: dict = field(default_factory=dict)  # site id: [hours.Exception_]
    # Rows other views serialise from (e.g. the HSDS search's services), filled on first use
    # and dropped with the index: {(kind, pk): row}.
    rows: dict = field(default_factory=dict)

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
        for terms in words:
            selected &= self.reach.hit(terms)
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
        return (~self.terms.mask(words, names=True)[positions]).astype(np.int8)

    def order_by_name(
        self, positions: np.ndarray, lang: str, words=(), limit: int | None = None
    ) -> np.ndarray:
        """By relevance (names holding every word first), then alphabetical in `lang`; only
        the first `limit` when given (a page needs 20 of thousands: no full sort)."""
        rank = self.sort_rank.get(lang, self.sort_rank["fi"])[positions]
        relevance = self.relevance(positions, words)
        # Ranks are unique, so this one key orders as (relevance, rank) does.
        primary = relevance.astype(np.int64) * len(self.ids) + rank
        return positions[_first_in_order((rank, relevance), primary, limit)]

    def order_by_distance(
        self, positions: np.ndarray, easting: float, northing: float, words=(), limit=None
    ):
        """(positions by relevance then nearest first, metres, how many have coordinates),
        sites with coordinates only; only the first `limit` when given."""
        positions = positions[~np.isnan(self.easting[positions])]
        metres = np.hypot(self.easting[positions] - easting, self.northing[positions] - northing)
        relevance = self.relevance(positions, words)
        far = float(metres.max()) * 2 + 1 if len(metres) else 1.0
        primary = relevance * far + metres
        order = _first_in_order(
            (self.sort_rank["fi"][positions], metres, relevance), primary, limit
        )
        return positions[order], metres[order], len(positions)


def _first_in_order(keys: tuple, primary: np.ndarray, limit: int | None) -> np.ndarray:
    """np.lexsort(keys), or only its first `limit` indices: the candidates whose `primary`
    (a single key that orders as `keys` do, ties allowed) is at most the limit-th smallest
    are sorted, not every index."""
    if limit is None or limit >= len(primary):
        return np.lexsort(keys)
    if limit <= 0:
        return np.array([], dtype=np.int64)
    kth = np.partition(primary, limit - 1)[limit - 1]
    candidates = (primary <= kth).nonzero()[0]
    return candidates[np.lexsort(tuple(k[candidates] for k in keys))][:limit]


def _add_sort_names(sort_names: dict[str, list[str]], localized_names) -> None:
    """Append the sort key of a name in each language (a missing one falls back to
    Finnish, Swedish, English; computed once per distinct name)."""
    keys = {}
    for lang, name in zip(LANGS, localized_names, strict=True):
        if name:
            keys[lang] = sort_key(name)
    fallback = next(iter(keys.values()), "")
    for lang in LANGS:
        sort_names[lang].append(keys.get(lang, fallback))


def build_services(service_rows) -> ServiceIndex:
    """service_rows: (pk, search_text, name_fi, name_sv, name_en) of public services."""
    ids, documents, sort_names = [], [], {lang: [] for lang in LANGS}
    for pk, text, *localized_names in service_rows:
        ids.append(pk)
        documents.append(text)
        _add_sort_names(sort_names, localized_names)
    id_array = np.empty(len(ids), dtype=object)
    id_array[:] = ids
    services = ServiceIndex(ids=id_array, terms=TermIndex(documents))
    for lang in LANGS:
        ranks = np.argsort(np.argsort(np.array(sort_names[lang], dtype=str), kind="stable"))
        services.sort_rank[lang] = ranks
    return services


def build_index(stamp: tuple) -> SiteIndex:
    text_fields = ["search_text", *[f"name_{lang}" for lang in LANGS]]
    value_fields = ["municipality_id", "postal_code", "kind", "low_threshold"]
    value_fields += ["easting", "northing", "latitude", "longitude"]
    shown_fields = [f"street_address_{lang}" for lang in LANGS]
    shown_fields += ["city", "municipality__name_fi", "municipality__name_sv"]
    rows = list(
        Site.objects.rewrite(False)  # the columns as named: no per-row language fallback
        .filter(is_published=True)
        .order_by()
        .values_list("pk", *text_fields, *value_fields, *shown_fields)
    )
    ids = [row[0] for row in rows]
    position = {pk: i for i, pk in enumerate(ids)}
    service_rows = list(
        Service.objects.rewrite(False)
        .filter(organization__is_active=True)
        .order_by("id")
        .values_list("pk", "search_text", "name_fi", "name_sv", "name_en", "status")
    )
    services = build_services(row[:5] for row in service_rows)
    service_position = {row[0]: i for i, row in enumerate(service_rows)}
    visible = {row[0] for row in service_rows if row[5] in VISIBLE_SERVICE_STATUSES}
    links = ServiceAtLocation.objects.filter(
        site__is_published=True, service__status__in=VISIBLE_SERVICE_STATUSES
    ).values_list("site_id", "service_id")
    services_at: dict = {}
    link_service, link_site = [], []
    for site_id, service_id in links.order_by():
        services_at.setdefault(service_id, []).append(position[site_id])
        if service_id in visible:
            link_service.append(service_position[service_id])
            link_site.append(position[site_id])

    n_text = len(text_fields)
    documents, sort_names = [], {lang: [] for lang in LANGS}
    for row in rows:
        search_text, *localized_names = row[1 : 1 + n_text]
        documents.append(search_text)
        _add_sort_names(sort_names, localized_names)
    reach = [[text or ""] for text in documents]
    for link_s, link_p in zip(link_service, link_site, strict=True):
        reach[link_p].append(service_rows[link_s][1] or "")

    n_values = len(value_fields)
    values = list(zip(*[row[1 + n_text : 1 + n_text + n_values] for row in rows], strict=True))
    values = values or [()] * n_values
    # What a result shows (search.SiteHit), so that a page of results needs no site query.
    shown = []
    for row in rows:
        hit = dict(zip(("id", *text_fields, *value_fields, *shown_fields), row, strict=True))
        hit.pop("search_text")
        hit["municipality_id"] = hit["municipality_id"] or ""
        shown.append(hit)
    offered: list[list[tuple]] = [[] for _ in ids]
    for link_s, link_p in zip(link_service, link_site, strict=True):
        offered[link_p].append((service_rows[link_s][0], *service_rows[link_s][2:5]))

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
        reach=TermIndex([_joined(texts) for texts in reach]),
        services=services,
        shown=shown,
        offered=offered,
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
    _add_opening_hours(index)
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


def _joined(texts: list[str]) -> str:
    """One search_text of several: each is " term term …" (TermIndex falls back to
    splitting a document that is not)."""
    return texts[0] if len(texts) == 1 else "".join(texts)


def _add_opening_hours(index: SiteIndex) -> None:
    rule_fields = ("byday", "opens_at", "closes_at", "interval", "valid_from", "valid_to",
                   "pattern", "nth")  # fmt: skip
    for row in (
        OpeningRule.objects.order_by()
        .filter(service__isnull=True, site__is_published=True)
        .values_list("site_id", *rule_fields)
    ):
        index.rules.setdefault(row[0], []).append(
            hours.Rule(**dict(zip(rule_fields, row[1:], strict=True)))
        )
    for row in (
        OpeningException.objects.order_by()
        .filter(site__is_published=True)
        .values_list("site_id", "date", "closed", "opens_at", "closes_at")
    ):
        index.exceptions.setdefault(row[0], []).append(hours.Exception_(*row[1:]))


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
_background = False  # set by warm_up_in_background(): in a served process only


def current_index(stamp: tuple | None = None) -> SiteIndex:
    """The index for the data as it is now; rebuilt when the stamp changed or it aged.

    A changed stamp is rebuilt at once (a change shows in the next search). In a served
    process (warm_up_in_background) an index that only aged is rebuilt in a thread while
    requests go on with the current one, so no request waits the seconds of a build."""
    global _index
    stamp = stamp if stamp is not None else current_stamp()
    index = _index
    if index is not None and index.stamp == stamp:
        if time.monotonic() - index.built_at < MAX_AGE_SECONDS:
            return index
        if _background:
            _start_rebuild(None)
            return index
    with _lock:
        if _index is None or _index.stamp != stamp or _index is index:
            _index = build_index(stamp)
        return _index


def _rebuild(stamp: tuple | None) -> None:
    global _index
    try:
        with _lock:
            stamp = stamp if stamp is not None else current_stamp()
            _index = build_index(stamp)
        analysis.query_alternatives("vertaistukea kamratstöd")  # loads Voikko and Snowball
    finally:
        connection.close()  # this thread's own connection


_rebuilding = threading.Lock()


def _start_rebuild(stamp: tuple | None) -> None:
    if not _rebuilding.acquire(blocking=False):
        return  # one is under way

    def run():
        try:
            _rebuild(stamp)
        finally:
            _rebuilding.release()

    threading.Thread(target=run, name="directory-index", daemon=True).start()


def _after_fork_in_child() -> None:
    """With gunicorn --preload the master may fork in the middle of a build: a worker starts
    with fresh locks (its copies may be held by a thread that does not exist in it) and builds
    its own index if the master had none yet."""
    global _lock, _rebuilding
    _lock, _rebuilding = threading.Lock(), threading.Lock()
    if _background and _index is None:
        _start_rebuild(None)


os.register_at_fork(after_in_child=_after_fork_in_child)


def warm_up_in_background() -> None:
    """Build the index (and load the word analysers) in a thread as the process starts, and
    from then on rebuild an aged index in a thread: called by turvaverkko.wsgi in each web
    worker, so that the first search does not wait a build (seconds for 20,000 sites) nor
    runs into the worker timeout. A search arriving meanwhile waits for this build instead
    of starting its own."""
    global _background
    _background = True
    _start_rebuild(None)


def forget_index() -> None:
    """Drop the index (tests do this between databases)."""
    global _index
    _index = None
    forget_stamp()
