"""A coordinator registers a volunteer on their behalf (volunteers.actions.register_volunteer):
no account, no e-mail, the dates as given; registering the same again writes nothing."""

from datetime import UTC, datetime, time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django_tasks_db.models import DBTaskResult

from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.registry.tests.factories import LanguageFactory, OrganizationFactory, UserFactory
from turvaverkko.volunteers.actions import VolunteerRecord, register_volunteer
from turvaverkko.volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

CONSENTED = datetime(2024, 3, 1, 12, tzinfo=UTC)
LAST_CONFIRMED = datetime(2024, 11, 20, 12, tzinfo=UTC)


@pytest.fixture
def record(skills):
    huittinen = MunicipalityFactory()
    martat = OrganizationFactory(name_fi="Huittisten Martat ry")
    finnish = LanguageFactory()
    swedish = LanguageFactory(code="sv", name_fi="ruotsi", name_sv="svenska", name_en="Swedish")

    def _record(**values):
        return VolunteerRecord(
            email="Aino.Auttaja@example.fi",
            values={
                "name": "Aino Auttaja",
                "phone": "+358505551234",
                "language": "fi",
                "home_municipality_id": huittinen.pk,
                "channels": ["sms"],
                "consent_text": "Suostun tietojeni käyttöön.",
                "consent_given_at": CONSENTED,
                "last_active_at": LAST_CONFIRMED,
                **values,
            },
            skills=[skills["first_aid"]],
            languages=[finnish, swedish],
            organizations=[martat],
            availability=[(0, time(17), time(21)), (5, time(9), time(18))],
        )

    return _record


def test_registering_on_behalf_creates_no_account_sends_nothing_and_keeps_the_dates(
    record, skills, django_capture_on_commit_callbacks
):
    coordinator = UserFactory()
    users_before = get_user_model().objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        volunteer, outcome = register_volunteer(record(), by=coordinator)

    assert outcome == "created"
    assert callbacks == [] and DBTaskResult.objects.count() == 0 and mail.outbox == []
    assert get_user_model().objects.count() == users_before and volunteer.user is None
    volunteer = Volunteer.objects.get(email="Aino.Auttaja@example.fi")
    assert volunteer.consent_given_at == CONSENTED
    assert volunteer.last_active_at == LAST_CONFIRMED  # not "now": as the coordinator said
    assert volunteer.email_confirmed_at is None
    assert [s.code for s in volunteer.skills.all()] == ["first-aid"]
    assert sorted(volunteer.languages.values_list("code", flat=True)) == ["fi", "sv"]
    assert [o.name_fi for o in volunteer.organizations.all()] == ["Huittisten Martat ry"]
    assert sorted(volunteer.availability.values_list("weekday", flat=True)) == [0, 5]
    history = list(volunteer.history.all())
    assert len(history) == 1 and history[0].history_user == coordinator


def test_registering_the_same_again_writes_nothing_and_a_change_only_the_change(record, skills):
    coordinator = UserFactory()
    volunteer, _ = register_volunteer(record(), by=coordinator)
    modified = volunteer.modified_at

    again, outcome = register_volunteer(record(), by=coordinator)
    assert outcome == "unchanged" and again.pk == volunteer.pk
    assert Volunteer.objects.get(pk=volunteer.pk).modified_at == modified
    assert volunteer.history.count() == 1

    changed = record(phone="+358505559999")
    changed = VolunteerRecord(**{**changed.__dict__, "skills": [skills["cooking"]]})
    _, outcome = register_volunteer(changed, by=coordinator)
    volunteer.refresh_from_db()
    assert outcome == "updated"
    assert volunteer.phone == "+358505559999"
    assert [s.code for s in volunteer.skills.all()] == ["cooking"]
    assert volunteer.consent_given_at == CONSENTED
    assert volunteer.history.count() == 2
    assert Volunteer.objects.count() == 1


def test_a_volunteer_is_not_registered_without_consent(record):
    with pytest.raises(ValueError, match="consent"):
        register_volunteer(record(consent_given_at=None), by=UserFactory())
    assert not Volunteer.objects.exists()
