"""Writes of the welfare indicators and the annual wellbeing negotiations: freezing the
figures, next year's targets from the outcome, and the Sotkanet import (all or nothing)."""

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import welfare as summaries
from .models import IndicatorYear, Negotiation, SotkanetValue, WelfareAgreement, WelfareIndicator


def county_agreements(negotiation: Negotiation) -> list[WelfareAgreement]:
    """The welfare agreements of the county's municipalities in force during its year."""
    qs = WelfareAgreement.objects.filter(
        agreement__municipality__county=negotiation.county,
        agreement__valid_from__lte=date(negotiation.year, 12, 31),
    ).exclude(agreement__valid_to__lt=date(negotiation.year, 1, 1))
    return list(qs.select_related("agreement__municipality").order_by("pk"))


def live_figures(negotiation: Negotiation) -> list[dict]:
    """Every indicator of the county's agreements for the negotiation's year, with the
    commitments' status, as they stand now."""
    out = []
    for welfare in county_agreements(negotiation):
        statuses: dict[str, int] = {}
        for row in summaries.summary(welfare):
            for status, count in row.by_status.items():
                statuses[status] = statuses.get(status, 0) + count
        out.append(
            {
                "welfare": welfare.pk,
                "title": welfare.agreement.title,
                "municipality": welfare.agreement.municipality.code,
                "commitments_by_status": statuses,
                "indicators": [
                    f.as_dict() for f in summaries.indicator_figures(welfare, negotiation.year)
                ],
            }
        )
    return out


@transaction.atomic
def freeze(negotiation: Negotiation, now: datetime | None = None) -> Negotiation:
    """Record the figures as they stand: the negotiation's record does not change afterwards."""
    negotiation.figures = live_figures(negotiation)
    negotiation.frozen_at = now or timezone.now()
    negotiation.save(update_fields=["figures", "frozen_at"])
    return negotiation


@transaction.atomic
def adopt_targets(negotiation: Negotiation, targets: dict[int, float]) -> int:
    """The outcome's goals become next year's targets: {indicator pk: target}."""
    allowed = {
        ind.pk
        for ind in WelfareIndicator.objects.filter(welfare__in=county_agreements(negotiation))
    }
    for pk, target in targets.items():
        if pk not in allowed:
            raise ValueError(f"indicator {pk} is not of this county's agreements")
        IndicatorYear.objects.update_or_create(
            indicator_id=pk, year=negotiation.year + 1, defaults={"target": target}
        )
    return len(targets)


# --- Sotkanet values from a file in Sotkanet's export shape ---------------------------------


@dataclass
class ImportResult:
    saved: int
    errors: list[str]


def _rows(data: bytes, filename: str) -> list[dict]:
    text = data.decode("utf-8-sig")
    if filename.lower().endswith(".json"):
        rows = json.loads(text)
        if not isinstance(rows, list):
            raise ValueError(_("The file must hold a list of values."))
        return rows
    sample = text[:2048]
    dialect = csv.Sniffer().sniff(sample, delimiters=";,")
    return list(csv.DictReader(io.StringIO(text), dialect=dialect))


def import_sotkanet(data: bytes, filename: str) -> ImportResult:
    """Sotkanet's export rows (`indicator`, `region`, `year`, `gender`, `value`; the region is
    the municipality's code): only the `total` gender is kept. Every row is checked first; if
    any is bad nothing is saved and each error names its row."""
    try:
        rows = _rows(data, filename)
    except (ValueError, csv.Error) as error:
        return ImportResult(0, [_("The file could not be read: %(error)s") % {"error": error}])
    errors: list[str] = []
    good: list[tuple[int, str, int, float]] = []
    for number, row in enumerate(rows, start=1):
        if str(row.get("gender", "total")).strip() not in ("total", ""):
            continue
        try:
            value_text = str(row.get("value", "")).strip().replace(",", ".")
            good.append(
                (
                    int(str(row["indicator"]).strip()),
                    str(row["region"]).strip(),
                    int(str(row["year"]).strip()),
                    float(value_text),
                )
            )
        except (KeyError, ValueError, TypeError) as error:
            errors.append(
                _("Row %(row)d: %(error)s") % {"row": number, "error": error or _("missing value")}
            )
    if errors:
        return ImportResult(0, errors)
    with transaction.atomic():
        for indicator, region, year, value in good:
            SotkanetValue.objects.update_or_create(
                indicator=indicator, region=region, year=year, defaults={"value": value}
            )
    return ImportResult(len(good), [])
