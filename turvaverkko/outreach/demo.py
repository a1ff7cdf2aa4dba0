"""The demo's outreach programme (`demo/outreach.json`): Järjestöt on the Road's bus at its
five seed-003 stops, visits from six months ago to a year ahead, and anonymous tallies for the
visits already held, so that the reach page shows a quiet stop (Jäkärlä-Maaria) flagged.
Idempotent: a second run refreshes the same rows. Called by web/demo/load.py."""

import json
import random
import uuid
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from turvaverkko.areas.models import Municipality
from turvaverkko.directory.models import Service, Site
from turvaverkko.registry.models import Organization

from . import actions
from .models import BreakPeriod, Programme, Tally, Unit, Visit, VisitSeries

DATA = Path(settings.BASE_DIR) / "demo" / "outreach.json"
NAMESPACE = uuid.UUID("5f0c4d8e-2b1a-4c3d-9e8f-7a6b5c4d3e2f")
TOPICS = [c for c, _label in Tally.Topic.choices]
CHANNELS = ["walk_in", "walk_in", "booked", "remote"]
AGES = [c for c, _label in Tally.AgeBand.choices]


def load_outreach(data_file: Path = DATA) -> dict[str, int]:
    data: dict[str, Any] = json.loads(data_file.read_text(encoding="utf-8"))
    p = data["programme"]
    organization = Organization.objects.get(name_fi=p["organisation"])
    u = data["unit"]
    unit, _ = Unit.objects.update_or_create(
        name=u["name"], organization=organization,
        defaults={k: v for k, v in u.items() if k != "name"},
    )  # fmt: skip
    programme, _ = Programme.objects.update_or_create(
        name=p["name"], organization=organization,
        defaults={"description": p["description"], "unit": unit,
                  "reach_threshold": p["reach_threshold"]},
    )  # fmt: skip
    service = Service.objects.filter(name_fi=p["service"]).first()
    today = actions.today()
    start = today - timedelta(days=182)
    programme.breaks.all().delete()
    for year in (start.year, start.year + 1, start.year + 2):
        for b in data["breaks"]:
            BreakPeriod.objects.create(
                programme=programme, name=b["name"],
                starts_on=date.fromisoformat(f"{year}-{b['month_day_from']}"),
                ends_on=date.fromisoformat(f"{year}-{b['month_day_to']}"),
            )  # fmt: skip
    visits = tallies = 0
    municipalities: set[str] = set()
    for stop in data["stops"]:
        site = Site.objects.get(name_fi=stop["site"])
        if site.municipality_id:
            municipalities.add(site.municipality_id)
        series, _ = VisitSeries.objects.update_or_create(
            programme=programme, site=site,
            defaults={
                "pattern": stop["pattern"], "weekday": stop["weekday"],
                "nth": stop.get("nth", 1), "starts_on": start,
                "arrives_at": time.fromisoformat(stop["arrives"]),
                "departs_at": time.fromisoformat(stop["departs"]),
                "appointment_minutes": stop["appointment_minutes"],
                "buffer_minutes": stop["buffer_minutes"],
            },
        )  # fmt: skip
        if service is not None:
            series.services.set([service])
        series.organizations.set([organization])
        actions.materialise(series, start=start)
        visits += series.visits.count()
        rnd = random.Random(f"outreach:{site.pk}")
        now = timezone.now()
        for visit in series.visits.filter(ends_at__lt=now, status=Visit.Status.SCHEDULED):
            n = max(0, round(rnd.gauss(stop["tallies_per_visit"], 1.5)))
            for k in range(n):
                Tally.objects.get_or_create(
                    id=uuid.uuid5(NAMESPACE, f"{visit.series_id}:{visit.date}:{k}"),
                    defaults={
                        "visit": visit, "channel": rnd.choice(CHANNELS),
                        "topic": rnd.choice(TOPICS), "age_band": rnd.choice(AGES),
                        "language": rnd.choice(["fi", "fi", "fi", "sv", "other"]),
                        "referral": rnd.random() < 0.2,
                    },
                )  # fmt: skip
                tallies += 1
    programme.municipalities.set(Municipality.objects.filter(code__in=municipalities))
    return {"outreach_visits": visits, "outreach_tallies": tallies}
