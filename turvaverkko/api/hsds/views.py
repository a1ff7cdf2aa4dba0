"""Open Referral HSDS 3.0 API at /hsds/: public, read-only, JSON built by hand for speed.

Plain Django views rather than DRF: the lists are the hot path of the public search, so
they run one `values()` query for the page and its total, build dicts, and cache the encoded
response for HSDS_CACHE_SECONDS (default 30) per URL and language.
"""

from django.db.models import Q

from turvaverkko.directory import search
from turvaverkko.directory.index import current_index
from turvaverkko.directory.models import ServiceAtLocation

from . import queries, serializers
from .responses import (
    Paging,
    encode,
    hsds_view,
    in_batches,
    ndjson,
    uuid_or_none,
    wants_ndjson,
)

# --- Services ---------------------------------------------------------------------------


_SERVICE_FILTERS = ("organization_id", "modified_after", "taxonomy_term_id", "taxonomy_id",
                    "postcode", "proximity", "lat", "lon")  # fmt: skip


def _services(params):
    """Public services filtered by every parameter except `search`, by Finnish name."""
    qs = queries.public_services()
    if params.get("organization_id"):
        qs = qs.filter(
            organization_id=queries.parse_uuid("organization_id", params["organization_id"])
        )
    if params.get("modified_after"):
        qs = qs.filter(modified_at__gte=queries.parse_modified_after(params["modified_after"]))
    qs = qs.filter(queries.taxonomy_q("pk", params))
    qs = qs.filter(queries.Place(params).for_services())
    return qs.order_by("name_fi", "id")


def _searched_ids(params, lang, index, limit=None):
    """(ids of the services matching `search` and the other filters, best match first; how
    many match): the directory's one search service (directory/search.py), as the search page
    uses it. With `limit` and no other filter, only the first `limit` ids are put in order."""
    filtered = any(params.get(name) for name in _SERVICE_FILTERS)
    ids, total = search.search_services(
        params["search"], lang, index=index, limit=None if filtered else limit
    )
    if filtered:
        allowed = set(_services(params).values_list("pk", flat=True))
        ids = [pk for pk in ids.tolist() if pk in allowed]
        total = len(ids)
    return ids, total


def _in_order(qs, ids: list) -> list:
    by_id = {row["id"]: row for row in qs.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _indexed_items(index, kind: str, lang: str, rows_of, serialise, ids: list) -> list[bytes]:
    """The HSDS objects of `ids` in order, each encoded as JSON, from the search index's row
    store: a service's row is read from the database once per index (`rows_of(missing ids)`
    gives the values() rows; the index, and so the store, is rebuilt whenever published data
    changes) and its encoded object is kept per language, so a search page of services seen
    before needs no query and no serialising, only the order and the envelope."""
    store = index.rows
    encoded_kind = f"{kind}:json:{lang}"
    missing = [pk for pk in ids if (encoded_kind, pk) not in store and (kind, pk) not in store]
    if missing:
        for row in rows_of(missing):
            store[(kind, row["id"])] = row
    items = []
    for pk in ids:
        item = store.get((encoded_kind, pk))
        if item is None:
            row = store.get((kind, pk))
            if row is None:
                continue
            item = store[(encoded_kind, pk)] = encode(serialise(row))
        items.append(item)
    return items


def _service_rows(qs):
    org_fields = [f"organization__{f}" for f in serializers.ORG_VALUES]
    return qs.values(*serializers.SERVICE_VALUES, *org_fields)


def _service_item(row, lang, kind_labels) -> dict:
    item = serializers.service_basic(row.get, lang)
    item["organization"] = serializers.organization_basic(
        lambda n: row.get(f"organization__{n}"), lang, kind_labels
    )
    return item


def _minimal(row, lang) -> dict:
    return {
        "id": str(row["id"]),
        "name": serializers.pick(row.get, "name", lang),
        "status": row["status"],
        "last_modified": serializers.last_modified(row["modified_at"]),
    }


def _full_services(ids, builder):
    by_id = {s.id: s for s in queries.full_services(queries.public_services().filter(pk__in=ids))}
    return [builder.service(by_id[i]) for i in ids if i in by_id]


_MINIMAL_VALUES = ("id", "status", "modified_at", "name_fi", "name_sv", "name_en")


@hsds_view
def services(request, lang):
    """GET /hsds/services: a page of services (one-to-one fields), filtered."""
    params = request.GET
    minimal = queries.parse_bool("minimal", params.get("minimal"))
    full = queries.parse_bool("full", params.get("full"))
    if params.get("search"):
        return _searched_services(request, params, lang, minimal=minimal, full=full)
    qs = _services(params)
    builder = serializers.Builder(lang, with_translations=False)
    if wants_ndjson(params):
        return ndjson(_stream_services(qs, lang, minimal, full, builder))
    paging = Paging(params)
    if not full and not minimal:
        rows, total = queries.page_with_total(_service_rows(qs), paging.offset, paging.per_page)
        contents = [_service_item(r, lang, builder.kind_labels) for r in rows]
        return paging.envelope(total, contents)
    total = qs.count()
    window = qs[paging.offset : paging.offset + paging.per_page]
    if full:
        ids = list(window.values_list("pk", flat=True))
        contents = _full_services(ids, builder)
    else:
        contents = [_minimal(r, lang) for r in window.values(*_MINIMAL_VALUES)]
    return paging.envelope(total, contents)


def _searched_services(request, params, lang, *, minimal: bool, full: bool):
    """The hot path of the public search: matched and ordered in memory (only the page's
    first entries are sorted), then the page's objects from the index's row store (one query
    for the rows it has not seen yet) and the envelope put around them, already encoded."""
    index = current_index(getattr(request, "directory_stamp", None))
    if wants_ndjson(params):
        ids, _ = _searched_ids(params, lang, index)
        builder = serializers.Builder(lang, with_translations=False)
        return ndjson(
            _stream_services(queries.public_services(), lang, minimal, full, builder, ids)
        )
    paging = Paging(params)
    end = paging.offset + paging.per_page
    ids, total = _searched_ids(params, lang, index, limit=end)
    ids = list(ids[paging.offset : end])
    if full:
        builder = serializers.Builder(lang, with_translations=False)
        return paging.envelope(total, _full_services(ids, builder))
    if minimal:
        items = _indexed_items(
            index,
            "hsds-minimal",
            lang,
            lambda missing: (
                queries.public_services().filter(pk__in=missing).values(*_MINIMAL_VALUES)
            ),
            lambda row: _minimal(row, lang),
            ids,
        )
    else:
        kind_labels: dict = {}  # filled when a row is serialised (not for stored objects)

        def serialise(row):
            if not kind_labels:
                kind_labels.update(serializers.Builder(lang, with_translations=False).kind_labels)
            return _service_item(row, lang, kind_labels)

        items = _indexed_items(
            index,
            "hsds-service",
            lang,
            lambda missing: _service_rows(queries.public_services().filter(pk__in=missing)),
            serialise,
            ids,
        )
    return paging.encoded_envelope(total, items)


def _stream_services(qs, lang, minimal, full, builder, searched=None):
    if searched is not None:
        for batch in in_batches(list(searched)):
            if full:
                yield from _full_services(batch, builder)
            elif minimal:
                yield from (
                    _minimal(r, lang) for r in _in_order(qs.values(*_MINIMAL_VALUES), batch)
                )
            else:
                rows = _in_order(_service_rows(qs), batch)
                yield from (_service_item(r, lang, builder.kind_labels) for r in rows)
        return
    if full:
        ids = list(qs.values_list("pk", flat=True))
        for batch in in_batches(ids):
            yield from _full_services(batch, builder)
    elif minimal:
        rows = qs.values(*_MINIMAL_VALUES)
        for row in rows.iterator(chunk_size=1000):
            yield _minimal(row, lang)
    else:
        for row in _service_rows(qs).iterator(chunk_size=1000):
            yield _service_item(row, lang, builder.kind_labels)


@hsds_view
def service_detail(request, lang, pk):
    """GET /hsds/services/{id}: one fully nested service."""
    key = uuid_or_none(pk)
    service = key and queries.full_services(queries.public_services().filter(pk=key)).first()
    return serializers.Builder(lang).service(service) if service else None


# --- Organizations ----------------------------------------------------------------------


def _organizations(params):
    qs = queries.public_organizations()
    if params.get("search"):
        names = ("name_fi", "name_sv", "name_en", "alternate_name")
        qs = queries.casefold_search(qs, params["search"], names)
    return qs.order_by("name_fi", "id")


def _organization_full(org, builder, full_service: bool):
    sites = queries.full_sites(queries.public_sites().filter(organizations=org)).order_by(
        "name_fi", "id"
    )
    services_qs = queries.public_services().filter(organization=org).order_by("name_fi", "id")
    if full_service:
        service_objs = [builder.service(s) for s in queries.full_services(services_qs)]
    else:
        service_objs = [
            serializers.service_basic(r.get, builder.lang)
            for r in services_qs.values(*serializers.SERVICE_VALUES)
        ]
    return builder.organization(
        org, services=service_objs, locations=[builder.location(s) for s in sites]
    )


@hsds_view
def organizations(request, lang):
    """GET /hsds/organizations: a page of organisations (one-to-one fields)."""
    params = request.GET
    qs = _organizations(params)
    full = queries.parse_bool("full", params.get("full"))
    full_service = queries.parse_bool("full_service", params.get("full_service"))
    builder = serializers.Builder(lang, with_translations=False)
    if wants_ndjson(params):
        rows = qs.values(*serializers.ORG_VALUES).iterator(chunk_size=1000)
        return ndjson(
            serializers.organization_basic(r.get, lang, builder.kind_labels) for r in rows
        )
    paging = Paging(params)
    total = qs.count()
    window = qs[paging.offset : paging.offset + paging.per_page]
    if full:
        contents = [
            _organization_full(o, builder, full_service) for o in queries.full_organizations(window)
        ]
    else:
        contents = [
            serializers.organization_basic(r.get, lang, builder.kind_labels)
            for r in window.values(*serializers.ORG_VALUES)
        ]
    return paging.envelope(total, contents)


@hsds_view
def organization_detail(request, lang, pk):
    """GET /hsds/organizations/{id}: one organisation with its locations and services."""
    key = uuid_or_none(pk)
    org = key and queries.full_organizations(queries.public_organizations().filter(pk=key)).first()
    if not org:
        return None
    full_service = queries.parse_bool("full_service", request.GET.get("full_service"))
    return _organization_full(org, serializers.Builder(lang), full_service)


# --- Services at locations --------------------------------------------------------------


def _service_at_locations(params):
    qs = ServiceAtLocation.objects.filter(
        site__is_published=True, service__organization__is_active=True
    )
    if params.get("search"):
        text = params["search"]
        qs = qs.filter(
            search.terms_q("service__search_text", text) | search.terms_q("site__search_text", text)
        )
    if params.get("organization_id"):
        org = queries.parse_uuid("organization_id", params["organization_id"])
        qs = qs.filter(service__organization_id=org)
    if params.get("modified_after"):
        moment = queries.parse_modified_after(params["modified_after"])
        qs = qs.filter(
            Q(modified_at__gte=moment)
            | Q(service__modified_at__gte=moment)
            | Q(site__modified_at__gte=moment)
        )
    qs = qs.filter(queries.taxonomy_q("service_id", params))
    qs = qs.filter(queries.Place(params).for_service_at_locations())
    return qs.order_by("service__name_fi", "site__name_fi", "id")


SAL_VALUES = [
    "id",
    "service_id",
    "site_id",
    "description",
    *(f"site__{f}" for f in serializers.SITE_VALUES),
    *(f"service__{f}" for f in serializers.SERVICE_VALUES),
    *(f"service__organization__{f}" for f in serializers.ORG_VALUES),
]


def _sal_item(row, lang, kind_labels) -> dict:
    item = {
        "id": str(row["id"]),
        "service_id": str(row["service_id"]),
        "location_id": str(row["site_id"]),
    }
    if row["description"]:
        item["description"] = row["description"]
    item["location"] = serializers.location_basic(lambda n: row.get(f"site__{n}"), lang)
    service = serializers.service_basic(lambda n: row.get(f"service__{n}"), lang)
    service["organization"] = serializers.organization_basic(
        lambda n: row.get(f"service__organization__{n}"), lang, kind_labels
    )
    item["service"] = service
    return item


@hsds_view
def service_at_locations(request, lang):
    """GET /hsds/service_at_locations: where services are offered, filtered by place too."""
    params = request.GET
    qs = _service_at_locations(params)
    full = queries.parse_bool("full", params.get("full"))
    builder = serializers.Builder(lang, with_translations=False)
    if wants_ndjson(params):
        rows = qs.values(*SAL_VALUES).iterator(chunk_size=1000)
        return ndjson(_sal_item(r, lang, builder.kind_labels) for r in rows)
    paging = Paging(params)
    total = qs.count()
    window = qs[paging.offset : paging.offset + paging.per_page]
    if full:
        contents = [
            builder.service_at_location(s) for s in queries.full_service_at_locations(window)
        ]
    else:
        contents = [_sal_item(r, lang, builder.kind_labels) for r in window.values(*SAL_VALUES)]
    return paging.envelope(total, contents)


@hsds_view
def service_at_location_detail(request, lang, pk):
    """GET /hsds/service_at_locations/{id}: one fully nested service at a location."""
    key = uuid_or_none(pk)
    if not key:
        return None
    qs = ServiceAtLocation.objects.filter(
        pk=key, site__is_published=True, service__organization__is_active=True
    )
    sal = queries.full_service_at_locations(qs).first()
    return serializers.Builder(lang).service_at_location(sal) if sal else None
