"""The faceted list of operating models and its exports (CSV, JSON): public data only."""

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from turvaverkko.core.csvsafe import safe_row

from .models import LANGS, OperatingModel


def filtered(params: Mapping[str, str]) -> tuple[QuerySet[OperatingModel], dict[str, str]]:
    """Models matching the query string's facets: theme, target_group, municipality, q."""
    qs = OperatingModel.objects.prefetch_related(
        "themes", "target_groups", "implementations__municipality"
    )
    chosen = {k: params.get(k, "").strip() for k in ("theme", "target_group", "municipality", "q")}
    if chosen["theme"]:
        qs = qs.filter(themes__code=chosen["theme"])
    if chosen["target_group"]:
        qs = qs.filter(target_groups__code=chosen["target_group"])
    if chosen["municipality"]:
        qs = qs.filter(implementations__municipality_id=chosen["municipality"])
    if chosen["q"]:
        text = Q()
        for lang in LANGS:
            text |= Q(**{f"name_{lang}__icontains": chosen["q"]})
            text |= Q(**{f"short_description_{lang}__icontains": chosen["q"]})
        qs = qs.filter(text)
    return qs.distinct().order_by("name"), chosen


def public_record(model: OperatingModel) -> dict[str, Any]:
    """A model as the public exports show it: no contact persons."""
    return {
        "id": model.pk,
        "name": model.name,
        "original_language": model.original_language,
        "languages": {lang: str(model.status_of(lang)) for lang in LANGS},
        "short_description": model.short_description,
        "stage": model.stage,
        "funder": model.funder,
        "innokyla_url": model.innokyla_url,
        "themes": [t.code for t in model.themes.all()],
        "target_groups": [t.code for t in model.target_groups.all()],
        "completeness": model.completeness(),
        "implementations": [
            {
                "municipality_code": i.municipality_id,
                "municipality": i.municipality.name,
                "organization": i.organization_label,
                "status": i.status,
                "started_on": i.started_on.isoformat() if i.started_on else None,
            }
            for i in model.implementations.all()
        ],
    }


def as_csv(models: Iterable[OperatingModel]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [_("Name"), _("Short description"), _("Stage"), _("Funder"), _("Themes"),
         _("Target groups"), _("Runs in"), _("Completeness (%)"), _("Innokylä")]
    )  # fmt: skip
    for m in models:
        record = public_record(m)
        writer.writerow(
            safe_row(
                [
                    m.name,
                    m.short_description,
                    m.get_stage_display(),
                    m.funder,
                    ", ".join(t.name for t in m.themes.all()),
                    ", ".join(t.name for t in m.target_groups.all()),
                    "; ".join(
                        f"{i['municipality']} ({i['organization']})"
                        for i in record["implementations"]
                    ),
                    record["completeness"],
                    m.innokyla_url,
                ]
            )
        )
    return out.getvalue()
