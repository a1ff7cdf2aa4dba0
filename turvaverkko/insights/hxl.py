"""Who does what where (3W) as an HXL-tagged CSV (standards.md §4).

A header row, then the HXL hashtag row, then one row per (organisation, service, site,
sector); an organisation's place without a service gets a row of its own, and an organisation
with no places one row per municipality it works in. HXL conventions: one `#sector` value per
row (an organisation with two themes has two rows), identifiers as `+code`, and the code
scheme of every code named with a `+v_` vocabulary attribute: the Y-tunnus of the Finnish
Patent and Registration Office, and Statistics Finland's region (maakunta) and municipality
(kunta) codes. Contacts are the organisation's public e-mail and phone only; contact persons
and volunteers never appear.
"""

import io

from django.db.models import Prefetch

from turvaverkko.core import csvsafe

COLUMNS = [
    ("organisation", "#org +name"),
    ("business_id", "#org +code +v_fi_ytunnus"),
    ("organisation_type", "#org +type"),
    ("sector", "#sector"),
    ("activity", "#activity +name"),
    ("beneficiaries", "#beneficiary +type"),
    ("region", "#adm1 +name"),
    ("region_code", "#adm1 +code +v_fi_maakunta"),
    ("municipality", "#adm2 +name"),
    ("municipality_code", "#adm2 +code +v_fi_kunta"),
    ("place", "#loc +name"),
    ("latitude", "#geo +lat"),
    ("longitude", "#geo +lon"),
    ("email", "#contact +email"),
    ("phone", "#contact +phone"),
    ("start_date", "#date +start"),
    ("status", "#status"),
]


def _names(terms) -> str:
    return "; ".join(sorted(str(t.name) for t in terms))


def _one_sector_per_row(rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        sectors = row.pop("sectors") or [""]
        out += [{**row, "sector": sector} for sector in sectors]
    return out


def rows(codes) -> list[dict]:
    """The 3W rows for organisations working in `codes` (None: everywhere)."""
    from turvaverkko.areas.models import Municipality
    from turvaverkko.directory.models import Service, Site
    from turvaverkko.registry.models import Organization

    published = Site.objects.filter(is_published=True).select_related("municipality__region")
    organisations = Organization.objects.filter(is_active=True).order_by("name", "pk")
    if codes is not None:
        organisations = organisations.filter(municipalities__code__in=codes).distinct()
    organisations = organisations.prefetch_related(
        "themes",
        "target_groups",
        Prefetch(
            "municipalities",
            queryset=Municipality.objects.select_related("region"),
            to_attr="areas",
        ),
        Prefetch("sites", queryset=published, to_attr="places"),
        Prefetch(
            "services",
            queryset=Service.objects.exclude(status=Service.Status.DEFUNCT)
            .prefetch_related(
                "target_groups", Prefetch("sites", queryset=published, to_attr="places")
            )
            .order_by("name", "pk"),
            to_attr="active_services",
        ),  # fmt: skip
    )
    out = []
    for org in organisations:
        base = {
            "organisation": org.name,
            "business_id": org.business_id or "",
            "organisation_type": org.kind,
            "sectors": sorted(str(t.name) for t in org.themes.all()),
            "email": org.email,
            "phone": org.phone,
        }
        seen_sites = set()
        org_status = "active" if org.is_active else "inactive"
        for service in org.active_services:
            for site in service.places:
                if codes is not None and site.municipality_id not in codes:
                    continue
                seen_sites.add(site.pk)
                out.append({**base, **_place(site), "activity": service.name,
                            "beneficiaries": _names(service.target_groups.all()),
                            "start_date": service.created_at.date().isoformat(),
                            "status": service.status})  # fmt: skip
        for site in org.places:
            if site.pk in seen_sites or (codes is not None and site.municipality_id not in codes):
                continue
            seen_sites.add(site.pk)
            out.append({**base, **_place(site), "activity": "",
                        "beneficiaries": _names(org.target_groups.all()),
                        "start_date": org.created_at.date().isoformat(),
                        "status": org_status})  # fmt: skip
        if seen_sites or any(s.places for s in org.active_services):
            continue
        for municipality in sorted(org.areas, key=lambda m: m.code):
            if codes is not None and municipality.code not in codes:
                continue
            out.append({**base, **_area(municipality), "place": "", "latitude": "",
                        "longitude": "",
                        "activity": "; ".join(s.name for s in org.active_services),
                        "beneficiaries": _names(org.target_groups.all()),
                        "start_date": org.created_at.date().isoformat(),
                        "status": org_status})  # fmt: skip
    return _one_sector_per_row(out)


def _area(municipality) -> dict:
    if municipality is None:
        return {"region": "", "region_code": "", "municipality": "", "municipality_code": ""}
    return {
        "region": municipality.region.name,
        "region_code": municipality.region_id,
        "municipality": municipality.name,
        "municipality_code": municipality.code,
    }


def _place(site) -> dict:
    return {
        **_area(site.municipality),
        "place": site.name,
        "latitude": "" if site.latitude is None else f"{site.latitude:.5f}",
        "longitude": "" if site.longitude is None else f"{site.longitude:.5f}",
    }


def csv_text(codes, header_labels: dict[str, str]) -> str:
    """The CSV: the header row (in the user's language), the hashtag row, the data rows."""
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer, lineterminator="\r\n")
    writer.writerow([header_labels[key] for key, _tag in COLUMNS])
    writer.writerow([tag for _key, tag in COLUMNS])
    for row in rows(codes):
        writer.writerow([row[key] for key, _tag in COLUMNS])
    return buffer.getvalue()
