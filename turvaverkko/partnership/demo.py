"""Demo data of the partnership tables: `demo/partnership.json`, loaded by the demo loader
(`load_partnership(orgs)`, orgs by the demo's organisation keys). Idempotent: a table of the
same Finnish name is replaced."""

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from turvaverkko.areas.models import Municipality
from turvaverkko.preparedness.models import Agreement
from turvaverkko.registry.models import Organization

from . import negotiations
from .actions import add_item, create_series
from .models import (
    AgendaItem,
    Commitment,
    Goal,
    IndicatorYear,
    MeetingSeries,
    Membership,
    Negotiation,
    OpenCall,
    PartnershipTable,
    Seat,
    WelfareAgreement,
    WelfareIndicator,
    WelfareParty,
)

DATA = Path(settings.BASE_DIR) / "demo" / "partnership.json"


def load_partnership(orgs: dict[str, Organization], path: Path = DATA) -> int:
    """Load the demo tables; returns how many. What is already there (by name, or county and
    year) is left as it is: a second run writes nothing, not even history."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for spec in data["tables"]:
        if PartnershipTable.objects.filter(name_fi=spec["name_fi"]).exists():
            continue
        table = PartnershipTable.objects.create(
            name_fi=spec["name_fi"],
            name_sv=spec.get("name_sv", ""),
            name_en=spec.get("name_en", ""),
            purpose_fi=spec.get("purpose_fi", ""),
            purpose_sv=spec.get("purpose_sv", ""),
        )
        table.municipalities.set(spec["municipalities"])
        seats = {}
        for s in spec["seats"]:
            seat = Seat.objects.create(
                table=table,
                label_fi=s["label_fi"],
                label_sv=s["label_sv"],
                term_start=date.fromisoformat(s["term_start"]),
                term_end=date.fromisoformat(s["term_end"]),
            )
            seats[seat.label_fi] = seat
            if s.get("holder") and s["holder"] in orgs:
                Membership.objects.create(
                    table=table,
                    seat=seat,
                    organization=orgs[s["holder"]],
                    person_name=s["person"],
                    role=s.get("role", Membership.Role.MEMBER),
                    start=seat.term_start,
                    end=seat.term_end,
                )
        series = spec["series"]
        meetings = create_series(
            MeetingSeries(
                table=table,
                first_start=datetime.fromisoformat(series["first_start"]),
                rrule=series["rrule"],
                location=series.get("location", ""),
                mode=series.get("mode", "in_person"),
            )
        )
        call = OpenCall.objects.create(
            table=table,
            title=spec["call"]["title"],
            deadline=date.fromisoformat(spec["call"]["deadline"]),
        )
        call.seats.set([seats[spec["call"]["seat"]]])
        for item in spec["agenda"]:
            add_item(AgendaItem(meeting=meetings[0], **item))
    for spec in data.get("welfare_agreements", []):
        load_welfare(spec, orgs)
    for spec in data.get("negotiations", []):
        county = Municipality.objects.get(code=spec.pop("county_of")).county
        Negotiation.objects.get_or_create(county=county, year=spec.pop("year"), defaults=spec)
    return len(data["tables"])


def _goal(welfare: WelfareAgreement, spec: dict[str, Any], parties: dict[str, WelfareParty],
          parent: Goal | None = None) -> None:  # fmt: skip
    goal = Goal.objects.create(
        welfare=welfare, parent=parent, title_fi=spec["title_fi"],
        title_sv=spec.get("title_sv", ""), age_group=spec.get("age_group", "all"),
    )  # fmt: skip
    for c in spec.get("commitments", []):
        Commitment.objects.create(
            goal=goal, title_fi=c["title_fi"], title_sv=c.get("title_sv", ""),
            owner=parties[c["owner"]], volunteer_hours=c.get("volunteer_hours", 0),
            euros=c.get("euros", "0"), status=c["status"],
            due_date=date.fromisoformat(c["due_date"]) if c.get("due_date") else None,
        )  # fmt: skip
    for i in spec.get("indicators", []):
        targets = i.pop("targets", {})
        indicator = WelfareIndicator.objects.create(welfare=welfare, goal=goal, **i)
        for year, target in targets.items():
            IndicatorYear.objects.create(indicator=indicator, year=int(year), target=target)
    for sub in spec.get("subgoals", []):
        _goal(welfare, sub, parties, goal)


def load_welfare(spec: dict[str, Any], orgs: dict[str, Organization]) -> WelfareAgreement:
    """A welfare agreement with its parties, goals, commitments, indicators and targets."""
    municipality = Municipality.objects.get(code=spec["municipality"])
    existing = WelfareAgreement.objects.filter(
        agreement__municipality=municipality, agreement__title=spec["title"]
    ).first()
    if existing is not None:
        return existing
    agreement = Agreement.objects.create(
        title=spec["title"], kind=Agreement.Kind.WELFARE, municipality=municipality,
        valid_from=date.fromisoformat(spec["valid_from"]),
        valid_to=date.fromisoformat(spec["valid_to"]),
    )  # fmt: skip
    welfare = WelfareAgreement.objects.create(
        agreement=agreement, council_term_start=spec["council_term"][0],
        council_term_end=spec["council_term"][1], summary_fi=spec.get("summary_fi", ""),
        summary_sv=spec.get("summary_sv", ""),
    )  # fmt: skip
    parties = {}
    for p in spec["parties"]:
        org = orgs.get(p["organization"]) if p.get("organization") else None
        parties[p["key"]] = WelfareParty.objects.create(
            welfare=welfare, organization=org, name=p.get("name", ""), role=p["role"]
        )
    agreement.organizations.set([p.organization for p in parties.values() if p.organization])
    for goal in spec["goals"]:
        _goal(welfare, goal, parties)
    negotiations.import_sotkanet(json.dumps(spec.get("sotkanet", [])).encode(), "demo.json")
    return welfare
