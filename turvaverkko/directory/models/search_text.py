"""The `search_text` column of sites and services: the terms of their texts in every
language (directory/analysis.py), which the public search matches."""

from turvaverkko.areas.models import Municipality

from .. import analysis

LANGUAGE_SUFFIXES = ("fi", "sv", "en")


def _by_language(obj, field: str) -> dict[str | None, list[str]]:
    """{lang: [text]} of a translated field; the untranslated value as of unknown language."""
    out: dict[str | None, list[str]] = {}
    for lang in LANGUAGE_SUFFIXES:
        value = getattr(obj, f"{field}_{lang}", None)
        if value:
            out.setdefault(lang, []).append(value)
    if not out and getattr(obj, field, ""):
        out[None] = [getattr(obj, field)]
    return out


def _merge(*groups: dict) -> dict[str | None, list[str]]:
    merged: dict[str | None, list[str]] = {}
    for group in groups:
        for lang, texts in group.items():
            merged.setdefault(lang, []).extend(t for t in texts if t)
    return merged


def normalise_search_text(*parts: str) -> str:
    """The `search_text` of texts of unknown language (analysis.search_text)."""
    return analysis.search_text({None: [p for p in parts if p]})


def service_search_text(service, organization_names: list[str] | None = None) -> str:
    """Terms of the service's names and descriptions in every language and of its
    organisation's names (directory/analysis.py)."""
    if organization_names is None:
        organization_names = []
        if service.organization_id:
            from turvaverkko.registry.models import Organization

            row = (
                Organization.objects.filter(pk=service.organization_id)
                .values_list("name_fi", "name_sv", "name_en")
                .first()
            )
            organization_names = [n for n in row or () if n]
    return analysis.search_text(
        _merge(
            _by_language(service, "description"),
            {None: [*organization_names]},
        ),
        _merge(_by_language(service, "name"), {None: [service.alternate_name]}),
    )


def site_search_text(site) -> str:
    """Terms of the site's names, descriptions, address and municipality in every language."""
    municipality = []
    if site.municipality_id:
        row = (
            Municipality.objects.filter(pk=site.municipality_id)
            .values_list("name_fi", "name_sv")
            .first()
        )
        municipality = [n for n in row or () if n]
    return analysis.search_text(
        _merge(
            _by_language(site, "description"),
            _by_language(site, "street_address"),
            {None: [site.postal_code, site.city, *municipality]},
        ),
        _merge(_by_language(site, "name"), {None: [site.alternate_name]}),
    )
