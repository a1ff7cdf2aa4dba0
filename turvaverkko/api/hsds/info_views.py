"""HSDS views about the API itself and our taxonomies: /hsds/, openapi.json, profile,
taxonomies and taxonomy terms."""

from django.urls import reverse

from turvaverkko.registry.models import TaxonomyTerm

from . import queries, serializers, spec
from .openapi_profile import add_profile
from .responses import Paging, hsds_view, ndjson, uuid_or_none, wants_ndjson


@hsds_view
def root(request, lang):
    """GET /hsds/: which HSDS version and profile this API follows."""
    return {
        "version": spec.HSDS_VERSION,
        "profile": request.build_absolute_uri(reverse("hsds:profile")),
        "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
    }


@hsds_view
def openapi(request, lang):
    """The official HSDS OpenAPI document with this server's address and our parameters."""
    document = add_profile(spec.openapi())
    document["info"] = {
        "title": "Turvaverkko HSDS API",
        "version": "1.0.0",
        "description": "Open Referral HSDS 3.0 with the Turvaverkko profile (see /hsds/profile).",
        "license": {
            "name": "CC0-1.0 (data)",
            "url": "https://creativecommons.org/publicdomain/zero/1.0/",
        },
    }
    document["servers"] = [{"url": request.build_absolute_uri(reverse("hsds:root")).rstrip("/")}]
    return document


@hsds_view
def profile(request, lang):
    """A machine-readable summary of our HSDS profile; docs/api.md has the prose."""
    return {
        "name": "Turvaverkko HSDS-FI profile",
        "version": "1.0.0",
        "hsds_version": spec.HSDS_VERSION,
        "languages": list(serializers.LANGS),
        "extensions": {
            "organization": ["organization_type", "municipality_codes", "translations"],
            "location": [
                "site_kind",
                "low_threshold",
                "municipality_code",
                "email",
                "organization_ids",
                "translations",
            ],
            "service": ["translations"],
            "service_area": ["municipality_code"],
            "schedule": [
                "opening_exception",
                "closed",
                "opening_rule_id",
                "rule_valid_from",
                "rule_valid_to",
                "rule_pattern",
            ],
            "taxonomy_term": ["translations"],
        },
        "parameters": {"lang": "fi, sv or en", "lat": "WGS84", "lon": "WGS84"},
        "organization_identifier_schemes": {
            spec.BUSINESS_ID_SCHEME: spec.BUSINESS_ID_TYPE,
            "": spec.ASSOCIATION_NUMBER_TYPE,
        },
        "link_types": spec.LINK_TYPES,
        "accessibility_details": list(spec.ACCESSIBILITY_FLAGS),
    }


# --- Taxonomies -------------------------------------------------------------------------


@hsds_view
def taxonomies(request, lang):
    """GET /hsds/taxonomies: our three managed taxonomies."""
    builder = serializers.Builder(lang, with_translations=False)
    items = [builder.taxonomy(code) for code in spec.PUBLIC_TAXONOMIES]
    words = (request.GET.get("search") or "").casefold().split()
    items = [t for t in items if queries.matches_words(words, t["name"], t["description"])]
    if wants_ndjson(request.GET):
        return ndjson(items)
    paging = Paging(request.GET)
    return paging.envelope(len(items), items[paging.offset : paging.offset + paging.per_page])


@hsds_view
def taxonomy_detail(request, lang, pk):
    codes = [c for c in spec.PUBLIC_TAXONOMIES if spec.taxonomy_id(c) == pk]
    return serializers.Builder(lang).taxonomy(codes[0]) if codes else None


@hsds_view
def taxonomy_terms(request, lang):
    """GET /hsds/taxonomy_terms: terms of the themes and target groups taxonomies."""
    params = request.GET
    qs = TaxonomyTerm.objects.exclude(taxonomy=TaxonomyTerm.Taxonomy.SKILL)
    if params.get("taxonomy_id"):
        queries.parse_uuid("taxonomy_id", params["taxonomy_id"])
        codes = [c for c in spec.TAXONOMIES if spec.taxonomy_id(c) == params["taxonomy_id"]]
        qs = qs.filter(taxonomy__in=codes)
    if params.get("parent_id"):
        qs = qs.filter(parent_id=queries.parse_uuid("parent_id", params["parent_id"]))
    if queries.parse_bool("top_only", params.get("top_only")):
        qs = qs.filter(parent__isnull=True)
    if params.get("search"):
        qs = queries.casefold_search(qs, params["search"], ("name_fi", "name_sv", "name_en"))
    qs = qs.order_by("taxonomy", "code")
    builder = serializers.Builder(lang, with_translations=False)
    if wants_ndjson(params):
        return ndjson(builder.term(t) for t in qs.iterator(chunk_size=1000))
    paging = Paging(params)
    window = qs[paging.offset : paging.offset + paging.per_page]
    return paging.envelope(qs.count(), [builder.term(t) for t in window])


@hsds_view
def taxonomy_term_detail(request, lang, pk):
    key = uuid_or_none(pk)
    qs = TaxonomyTerm.objects.exclude(taxonomy=TaxonomyTerm.Taxonomy.SKILL)
    term = key and qs.filter(pk=key).first()
    return serializers.Builder(lang).term(term) if term else None
