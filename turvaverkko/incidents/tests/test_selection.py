"""Volunteers are ranked by skill fit, then distance, across municipal borders."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.incidents.alerting.selection import candidate_volunteers
from turvaverkko.volunteers.tests.factories import (
    AvailabilitySlotFactory,
    SkillFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


def test_nearest_first_across_borders_with_skill_and_availability(personas, incident):
    vampula = MunicipalityFactory(code="108", name_fi="Hämeenkyrö", latitude=61.64, longitude=23.2)
    first_aid = SkillFactory(name="Ensiapu")
    near = VolunteerFactory(name="Near", home_municipality=personas.huittinen)
    far = VolunteerFactory(name="Far", home_municipality=vampula)
    lapland = VolunteerFactory(name="Lapland", home_municipality=personas.other_municipality)
    skilled_far = VolunteerFactory(name="Skilled far", home_municipality=vampula)
    skilled_far.skills.add(first_aid)
    VolunteerFactory(name="Unconfirmed", email_confirmed_at=None)
    busy = VolunteerFactory(name="Busy")
    now = timezone.make_aware(datetime.combine(date(2026, 11, 23), time(12, 0)))  # a Monday
    VolunteerFactory(name="Resting", do_not_alert_until=now.date() + timedelta(days=3))
    AvailabilitySlotFactory(volunteer=busy, weekday=3, start=time(8), end=time(16))
    free = VolunteerFactory(name="Free now")
    AvailabilitySlotFactory(volunteer=free, weekday=0, start=time(8), end=time(16))

    names = [c.volunteer.name for c in candidate_volunteers(incident, when=now)]
    assert "Unconfirmed" not in names and "Resting" not in names and "Busy" not in names
    assert names.index("Near") < names.index("Far") < names.index("Lapland")
    assert "Free now" in names

    ranked = candidate_volunteers(incident, skills=[first_aid], when=now)
    assert [c.volunteer.name for c in ranked] == ["Skilled far"]
    within = candidate_volunteers(incident, max_km=100, when=now)
    assert "Lapland" not in [c.volunteer.name for c in within]
    assert far in [c.volunteer for c in within] and near in [c.volunteer for c in within]
    assert lapland.pk
