"""Writes of the welfare indicators and the annual wellbeing negotiations: freezing the
figures, next year's targets from the outcome, and the Sotkanet import (all or nothing)."""

import csv
import io
import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from turvaverkko.areas.models import Municipality
from turvaverkko.notify.actions import Message, queue_deliveries
from turvaverkko.registry.models import Organization

from . import welfare as summaries
from .models import (
    IndicatorYear,
    Negotiation,
    SotkanetValue,
    SurveyAnswer,
    WelfareAgreement,
    WelfareIndicator,
)


def county_agreements(negotiation: Negotiation) -> list[WelfareAgreement]:
    """The welfare agreements of the county's municipalities in force during its year."""
    qs = WelfareAgreement.objects.filter(
        agreement__municipality__county=negotiation.county,
        agreement__valid_from__lte=date(negotiation.year, 12, 31),
    ).exclude(agreement__valid_to__lt=date(negotiation.year, 1, 1))
    return list(qs.select_related("agreement__municipality").order_by("pk"))


def live_figures(negotiation: Negotiation) -> list[dict[str, Any]]:
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


# --- the associations' survey -------------------------------------------------------------


def _survey_address(org: Organization) -> str:
    contact = org.contacts.exclude(email="").order_by("position").first()
    return contact.email if contact else org.email


def send_survey(negotiation: Negotiation) -> int:
    """E-mail the short survey to every association of the county's municipalities (its
    primary contact, else its public address), one link each; sending again sends nothing
    twice (the notify dispatch key) and keeps the answers."""
    municipalities = Municipality.objects.filter(county=negotiation.county)
    bilingual = municipalities.filter(
        language__in=[Municipality.Language.BILINGUAL_FI, Municipality.Language.BILINGUAL_SV]
    ).exists()
    sent = []
    orgs = Organization.objects.filter(municipalities__in=municipalities).distinct()
    for org in orgs.order_by("pk"):
        address = _survey_address(org)
        if not address:
            continue
        answer, _created = SurveyAnswer.objects.get_or_create(
            negotiation=negotiation, organization=org,
            defaults={"token": secrets.token_urlsafe(24)},
        )  # fmt: skip
        link = str(settings.SITE_URL) + reverse("partnership:survey", args=[answer.token])
        subjects, bodies = [], []
        for language in ["fi", "sv"] if bilingual else ["fi"]:
            with translation.override(language):
                subjects.append(
                    _("Wellbeing negotiation %(year)s: a short survey") % {"year": negotiation.year}
                )
                bodies.append(
                    _("Two questions for the wellbeing negotiation of %(county)s: %(link)s")
                    % {"county": negotiation.county, "link": link}
                )
        sent.append(
            Message(
                f"org:{org.pk}", "email", address, "\n\n---\n\n".join(bodies), " / ".join(subjects)
            )  # fmt: skip
        )
    queue_deliveries(f"partnership:survey:{negotiation.pk}", sent)
    return len(sent)


def answer_survey(answer: SurveyAnswer, cooperation: int | None, wishes: str) -> SurveyAnswer:
    answer.cooperation = cooperation
    answer.wishes = wishes
    answer.answered_at = timezone.now()
    answer.save(update_fields=["cooperation", "wishes", "answered_at"])
    return answer


def survey_summary(negotiation: Negotiation) -> dict[str, Any]:
    """Counts only, and the wishes without their senders."""
    answers = list(negotiation.answers.all())
    answered = [a for a in answers if a.answered_at]
    ratings = dict.fromkeys(SurveyAnswer.Rating.values, 0)
    for a in answered:
        if a.cooperation:
            ratings[a.cooperation] += 1
    return {
        "sent": len(answers),
        "answered": len(answered),
        "ratings": [(SurveyAnswer.Rating(v).label, n) for v, n in ratings.items()],
        "wishes": [a.wishes for a in answered if a.wishes.strip()],
    }


# --- Sotkanet values from a file in Sotkanet's export shape ---------------------------------


@dataclass
class ImportResult:
    saved: int
    errors: list[str]


def _rows(data: bytes, filename: str) -> list[dict[str, Any]]:
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
