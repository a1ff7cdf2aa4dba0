"""Retention: remind the inactive once, anonymise after the grace period, spare the active."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from turvaverkko.volunteers import housekeeping, links
from turvaverkko.volunteers.actions import ANONYMISED_NAME
from turvaverkko.volunteers.models import HelpOffer, Volunteer
from turvaverkko.volunteers.tests.factories import HelpOfferFactory, VolunteerFactory
from turvaverkko.volunteers.tests.helpers import link_in
from turvaverkko.web.scheduler import tick

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def retention(settings):
    settings.VOLUNTEER_INACTIVE_DAYS = 730
    settings.VOLUNTEER_ANONYMISE_GRACE_DAYS = 30
    return settings


def make_inactive(volunteer, days):
    Volunteer.objects.filter(pk=volunteer.pk).update(
        last_active_at=timezone.now() - timedelta(days=days)
    )


def test_reminder_once_then_anonymised_after_grace(retention, smtp_server, skills, personas):
    sleepy = VolunteerFactory(
        name="Unelias Usva", home_municipality=personas.huittinen, latitude=61.2, longitude=22.7
    )
    sleepy.skills.add(skills["cooking"])
    sleepy.organizations.add(personas.olli_org)
    user = sleepy.user
    make_inactive(sleepy, 731)
    active = personas.ville_profile  # signed in recently
    now = timezone.now()

    stats = housekeeping.run(now=now)
    assert stats["reminded"] == 1
    [reminder] = smtp_server.to(sleepy.email)
    assert "/volunteer/keep/" in reminder.get_body(preferencelist=("plain",)).get_content()
    sleepy.refresh_from_db()
    assert sleepy.inactivity_reminder_sent_at == now

    # Idempotent: a second run the same day sends nothing more.
    assert housekeeping.run(now=now)["reminded"] == 0
    assert len(smtp_server.messages) == 1

    # Not yet: one day short of the grace period.
    assert housekeeping.run(now=now + timedelta(days=29))["anonymised"] == 0
    sleepy.refresh_from_db()
    assert sleepy.name == "Unelias Usva"

    stats = housekeeping.run(now=now + timedelta(days=30, minutes=1))
    assert stats["anonymised"] == 1
    sleepy.refresh_from_db()
    assert sleepy.name == ANONYMISED_NAME
    assert (sleepy.phone, sleepy.email, sleepy.latitude, sleepy.longitude) == ("", "", None, None)
    assert sleepy.user is None
    assert not User.objects.filter(pk=user.pk).exists()
    assert sleepy.anonymised_at is not None
    assert sleepy.history.count() == 0
    # What statistics need stays.
    assert list(sleepy.skills.all()) == [skills["cooking"]]
    assert sleepy.home_municipality == personas.huittinen
    assert not sleepy.organizations.exists()

    # Never touched: the active volunteer.
    active.refresh_from_db()
    assert active.name == "Ville Vapaaehtoinen"
    assert active.inactivity_reminder_sent_at is None
    assert smtp_server.to("ville@example.fi") == []

    # And nothing happens twice.
    assert housekeeping.run(now=now + timedelta(days=400)) == {
        "reminded": 0,
        "reminder_failed": 0,
        "anonymised": 0,
        "unconfirmed_erased": 0,
        "offers_deleted": 0,
    }


def test_answering_the_reminder_keeps_the_profile(client, retention, smtp_server, personas):
    sleepy = VolunteerFactory(home_municipality=personas.huittinen)
    make_inactive(sleepy, 800)
    now = timezone.now()
    housekeeping.run(now=now)
    [reminder] = smtp_server.to(sleepy.email)
    path = link_in(reminder.get_body(preferencelist=("plain",)).get_content(), "/keep/")

    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    sleepy.refresh_from_db()
    assert sleepy.inactivity_reminder_sent_at is None

    assert housekeeping.run(now=now + timedelta(days=60))["anonymised"] == 0
    sleepy.refresh_from_db()
    assert sleepy.anonymised_at is None


def test_a_failed_reminder_is_not_stamped_and_is_retried(retention, settings, personas):
    sleepy = VolunteerFactory(home_municipality=personas.huittinen)
    make_inactive(sleepy, 800)
    # Nothing listens on this port: the SMTP connection is refused.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    stats = housekeeping.run()
    assert (stats["reminded"], stats["reminder_failed"]) == (0, 1)
    sleepy.refresh_from_db()
    assert sleepy.inactivity_reminder_sent_at is None
    # However long it takes, nobody is anonymised without a reminder having reached them.
    assert housekeeping.run(now=timezone.now() + timedelta(days=90))["anonymised"] == 0


def test_unconfirmed_sign_ups_are_removed_when_the_link_has_expired(retention, personas):
    user = User.objects.create_user(email="typo@example.fi")
    pending = VolunteerFactory(user=user, email_confirmed_at=None)
    fresh_user = User.objects.create_user(email="fresh@example.fi")
    fresh = VolunteerFactory(user=fresh_user, email_confirmed_at=None)
    Volunteer.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - timedelta(seconds=links.CONFIRM_MAX_AGE + 2 * 86400)
    )
    assert housekeeping.run()["unconfirmed_erased"] == 1
    assert not Volunteer.objects.filter(pk=pending.pk).exists()
    assert not User.objects.filter(pk=user.pk).exists()
    assert Volunteer.objects.filter(pk=fresh.pk).exists()


def test_old_offers_of_help_are_deleted(retention, personas):
    old = HelpOfferFactory(municipality=personas.huittinen)
    recent = HelpOfferFactory(municipality=personas.huittinen)
    HelpOffer.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=731))
    assert housekeeping.run()["offers_deleted"] == 1
    assert list(HelpOffer.objects.all()) == [recent]


def test_management_command_runs_it(retention, smtp_server, personas):
    sleepy = VolunteerFactory(home_municipality=personas.huittinen)
    make_inactive(sleepy, 800)
    call_command("volunteer_housekeeping", stdout=io.StringIO())
    assert len(smtp_server.to(sleepy.email)) == 1
    call_command("volunteer_housekeeping", stdout=io.StringIO())
    assert len(smtp_server.to(sleepy.email)) == 1


# The worker closes the database connection when it stops: no test transaction around it.
@pytest.mark.django_db(transaction=True)
def test_scheduler_enqueues_the_daily_run_and_the_worker_carries_it_out(
    retention, smtp_server, personas
):
    sleepy = VolunteerFactory(home_municipality=personas.huittinen)
    make_inactive(sleepy, 800)
    assert "turvaverkko.volunteers.housekeeping.volunteer_housekeeping" in tick()
    call_command("db_worker", "--batch", "--queue-name", "default", "--no-startup-delay")
    assert len(smtp_server.to(sleepy.email)) == 1
