"""Demo data of the partnership tables: `demo/partnership.json`, loaded by the demo loader
(`load_partnership(orgs)`, orgs by the demo's organisation keys). Idempotent: a table of the
same Finnish name is replaced."""

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from turvaverkko.registry.models import Organization

from .actions import add_item, create_series
from .models import AgendaItem, MeetingSeries, Membership, OpenCall, PartnershipTable, Seat

DATA = Path(settings.BASE_DIR) / "demo" / "partnership.json"


def load_partnership(orgs: dict[str, Organization], path: Path = DATA) -> int:
    """Load the demo tables; returns how many."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for spec in data["tables"]:
        PartnershipTable.objects.filter(name_fi=spec["name_fi"]).delete()
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
    return len(data["tables"])
