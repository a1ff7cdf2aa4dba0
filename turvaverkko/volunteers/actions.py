"""Named write operations on volunteers and offers of help.

Each runs in one transaction; e-mail goes out through tasks enqueued on commit, so a
message never refers to rows that were rolled back.
"""

import hashlib
import logging
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import privacy, tasks
from .models import AvailabilitySlot, HelpOffer, PushSubscription, Volunteer
from .push import Subscription

logger = logging.getLogger(__name__)
audit = logging.getLogger("turvaverkko.audit")

ANONYMISED_NAME = "Anonymised volunteer"

# At most this many sign-in or sign-up e-mails to one address an hour, whoever asks, so that
# the public forms cannot be used to flood someone's inbox.
MAILS_PER_ADDRESS_PER_HOUR = 5


def _enqueue_on_commit(task, *args):
    transaction.on_commit(lambda: task.enqueue(*args))


def _may_mail(email: str) -> bool:
    key = "volunteers:mails:" + hashlib.sha256(email.lower().encode()).hexdigest()
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) <= MAILS_PER_ADDRESS_PER_HOUR
    except ValueError:  # expired between add() and incr()
        return True


@transaction.atomic
def sign_up(*, name, email, phone, home_municipality, language, consent_text) -> Volunteer | None:
    """Create an account without a password and an unconfirmed volunteer profile.

    If the address already has an account nothing is created, and the owner of the address
    gets an e-mail saying so: the page answers the same either way, so it does not reveal
    who is registered.
    """
    User = get_user_model()
    if User.objects.filter(email__iexact=email).exists():
        if _may_mail(email):
            _enqueue_on_commit(tasks.send_sign_in_email, email, language, "already_registered")
        return None
    user = User.objects.create_user(
        email=email, password=None, first_name=name[:150], preferred_language=language
    )
    volunteer = Volunteer.objects.create(
        user=user,
        name=name,
        email=user.email,
        phone=phone,
        home_municipality=home_municipality,
        language=language,
        channels=["sms", "email"] if phone else ["email"],
        consent_text=str(consent_text),
        consent_given_at=timezone.now(),
    )
    _enqueue_on_commit(tasks.send_confirmation_email, user.pk)
    return volunteer


@transaction.atomic
def create_profile_for_account(
    user, *, name, phone, home_municipality, language, consent_text
) -> Volunteer:
    """A signed-in account holder (e.g. an association admin) becomes a volunteer too.

    The account's address is already in use for signing in, so it counts as confirmed.
    """
    now = timezone.now()
    return Volunteer.objects.create(
        user=user,
        name=name,
        email=user.email,
        phone=phone,
        home_municipality=home_municipality,
        language=language,
        channels=["sms", "email"] if phone else ["email"],
        consent_text=str(consent_text),
        consent_given_at=now,
        email_confirmed_at=now,
    )


def request_sign_in_link(email: str, language: str, reason: str = "sign_in") -> None:
    """Enqueue whether or not the address exists: the task decides, out of sight.
    reason "forgot_password": only for an account without a usable password."""
    if _may_mail(email):
        _enqueue_on_commit(tasks.send_sign_in_email, email, language, reason)


@transaction.atomic
def confirm_email(user) -> Volunteer | None:
    """Opening a link e-mailed to the address proves the volunteer reads it."""
    volunteer = Volunteer.objects.filter(user=user).first()
    if volunteer is not None and volunteer.email_confirmed_at is None:
        volunteer.email_confirmed_at = timezone.now()
        volunteer.save(update_fields=["email_confirmed_at", "modified_at"])
    return volunteer


def touch(user) -> None:
    """Record activity; activity also answers an inactivity reminder.

    An UPDATE rather than save(), so that signing in adds no row to the change history.
    """
    if user is None or not user.is_authenticated:
        return
    Volunteer.objects.filter(user=user, anonymised_at__isnull=True).update(
        last_active_at=timezone.now(), inactivity_reminder_sent_at=None
    )


def keep_profile(volunteer_id: int) -> bool:
    updated = Volunteer.objects.filter(pk=volunteer_id, anonymised_at__isnull=True).update(
        last_active_at=timezone.now(), inactivity_reminder_sent_at=None
    )
    return bool(updated)


@transaction.atomic
def save_profile(form, availability_formset) -> bool:
    """Save the profile and its weekly availability; returns True if a new address was asked.

    The address does not change here: a link goes to the new address (if no other account
    has it) and the change is made when it is opened (confirm_email_change). Until then
    the volunteer keeps signing in and getting alerts at the old address.
    """
    volunteer = form.instance
    old_email = form.initial.get("email", volunteer.email)
    email_requested = "email" in form.changed_data
    volunteer = form.save(commit=False)
    if email_requested:
        new_email = volunteer.email
        volunteer.email = old_email
    volunteer.last_active_at = timezone.now()
    volunteer.inactivity_reminder_sent_at = None
    volunteer.save()
    form.save_m2m()
    availability_formset.instance = volunteer
    availability_formset.save()
    user = volunteer.user
    if user is not None:
        user.first_name = volunteer.name[:150]
        user.last_name = ""
        user.preferred_language = volunteer.language
        user.save(update_fields=["first_name", "last_name", "preferred_language"])
        if email_requested and _may_mail(new_email):
            _enqueue_on_commit(tasks.send_email_change_link, user.pk, new_email)
    return email_requested


@transaction.atomic
def confirm_email_change(user, new_email: str) -> bool:
    """The owner of the new address opened the link: it becomes the account's address and
    the volunteer's, confirmed. False if another account took the address meanwhile."""
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        return False
    user.email = new_email
    user.save(update_fields=["email"])
    Volunteer.objects.filter(user=user).update(
        email=new_email, email_confirmed_at=timezone.now(), modified_at=timezone.now()
    )
    logger.info("User %s changed their e-mail address", user.pk)
    return True


@transaction.atomic
def add_membership(volunteer, organization) -> None:
    volunteer.organizations.add(organization)
    touch(volunteer.user)


def _account_has_other_duties(user) -> bool:
    """An account that also acts for an organisation or a municipality outlives the volunteer."""
    return (
        user.is_staff
        or user.is_superuser
        or user.role_assignments.exists()
        or user.contact_roles.exists()
    )


def _purge_history(volunteer_id: int) -> None:
    from simple_history.models import HistoricalRecords

    from .models import AlertGroup

    # The many-to-many snapshots point to history rows without a database constraint, so
    # they are deleted explicitly: memberships of the profile, and of alert groups.
    rows = Volunteer.history.filter(id=volunteer_id)
    memberships = HistoricalRecords.m2m_models[Volunteer._meta.get_field("organizations")]
    memberships.objects.filter(history__in=rows.values("history_id")).delete()
    groups = HistoricalRecords.m2m_models[AlertGroup._meta.get_field("members")]
    groups.objects.filter(volunteer_id=volunteer_id).delete()
    rows.delete()


@transaction.atomic
def erase_volunteer(volunteer) -> None:
    """The volunteer's right to erasure: the profile, its history and the account go, and
    their copies elsewhere (incidents, deliveries) are pseudonymised (privacy.forget).

    An account that has other duties (a role, a contact person) stays, without the profile.
    """
    user = volunteer.user
    volunteer_id = volunteer.pk
    privacy.forget(volunteer, reason="erased")  # incidents, notify, offers of help
    volunteer.delete()  # availability slots and push subscriptions go with it (CASCADE)
    _purge_history(volunteer_id)  # after delete(): deleting adds a history row of its own
    if user is not None and not _account_has_other_duties(user):
        user.delete()
    logger.info("Volunteer %s erased their data", volunteer_id)


@transaction.atomic
def anonymise_volunteer(volunteer, now=None) -> None:
    """Keep what statistics need (skills, languages, municipality); drop who the person was."""
    user = volunteer.user
    privacy.forget(volunteer, reason="anonymised")  # incidents, notify, offers of help
    volunteer.name = ANONYMISED_NAME
    volunteer.phone = ""
    volunteer.email = ""
    volunteer.latitude = volunteer.longitude = None
    volunteer.user = None
    volunteer.channels = []
    volunteer.do_not_alert_until = None
    volunteer.email_confirmed_at = None
    volunteer.anonymised_at = now or timezone.now()
    volunteer.save()
    volunteer.organizations.clear()
    # From each group's side: the group's change history records who left it (a clear() from
    # the volunteer's side would make django-simple-history write the wrong history model).
    for group in volunteer.alert_groups.all():
        group.members.remove(volunteer)
    volunteer.push_subscriptions.all().delete()  # a device's address is personal data too
    _purge_history(volunteer.pk)
    if user is not None and not _account_has_other_duties(user):
        user.delete()
    logger.info("Volunteer %s anonymised after inactivity", volunteer.pk)


# --- Push notifications (docs/push.md) ---------------------------------------------------


def _set_push_channel(volunteer, on: bool) -> None:
    channels = list(volunteer.channels or [])
    if on == (Volunteer.Channel.PUSH in channels):
        return
    if on:
        channels.append(Volunteer.Channel.PUSH.value)
    else:
        channels.remove(Volunteer.Channel.PUSH)
    volunteer.channels = channels
    volunteer.save(update_fields=["channels", "modified_at"])


@transaction.atomic
def subscribe_push(volunteer, subscription: Subscription, *, browser: str = "") -> PushSubscription:
    """Alerts go to this browser too: keep its subscription and add "push" to the channels.

    An endpoint already stored is the same browser subscribing again, or a shared browser
    now used by another volunteer (a browser has one subscription per site): it is taken
    over with the new keys and counts as working again.
    """
    previous = (
        PushSubscription.objects.select_for_update()
        .filter(endpoint=subscription.endpoint)
        .exclude(volunteer=volunteer)
        .select_related("volunteer")
        .first()
    )
    stored, _created = PushSubscription.objects.update_or_create(
        endpoint=subscription.endpoint,
        defaults={
            "volunteer": volunteer,
            "p256dh": subscription.p256dh,
            "auth": subscription.auth,
            "user_agent": browser[:100],
            "failing_since": None,
        },
    )
    if previous is not None and not previous.volunteer.push_subscriptions.exists():
        _set_push_channel(previous.volunteer, False)
    _set_push_channel(volunteer, True)
    touch(volunteer.user)
    logger.info("Volunteer %s turned on push notifications on a device", volunteer.pk)
    return stored


@transaction.atomic
def unsubscribe_push(volunteer, endpoint: str) -> bool:
    """Stop push to one of the volunteer's browsers; with none left, "push" leaves the
    channels. Returns whether a subscription was removed (False: it was already gone)."""
    removed, _ = volunteer.push_subscriptions.filter(endpoint=endpoint).delete()
    if not volunteer.push_subscriptions.exists():
        _set_push_channel(volunteer, False)
    touch(volunteer.user)
    return bool(removed)


def mark_push_failing(endpoint: str, now=None) -> int:
    """The push service says the subscription is gone (404/410): never use it again.

    It stays listed, marked, on the volunteer's profile until they remove it or turn push on
    again in that browser; the channel choice is theirs and is left as it is."""
    return PushSubscription.objects.filter(endpoint=endpoint, failing_since__isnull=True).update(
        failing_since=now or timezone.now()
    )


def record_push_success(endpoint: str, now=None) -> int:
    return PushSubscription.objects.filter(endpoint=endpoint).update(
        last_success_at=now or timezone.now()
    )


@transaction.atomic
def create_help_offer(form) -> HelpOffer:
    offer = form.save()
    logger.info("Offer of help %s received", offer.pk)
    return offer


@transaction.atomic
def mark_offer_handled(offer, user) -> None:
    if offer.handled_at is None:
        offer.handled_at = timezone.now()
        offer.handled_by = user
        offer.save(update_fields=["handled_at", "handled_by"])


# --- Pausing alerts: "do not alert until" (the home page's one tap, SMS STOP / START) -------

# STOP by SMS pauses a volunteer's alerts for this long (they may resume any time with START,
# or change the date on their profile or home page).
KEYWORD_PAUSE_DAYS = 365


@transaction.atomic
def pause_alerts(volunteer: Volunteer, until) -> None:
    """No alerts through the date `until` (inclusive); None alerts again from now on."""
    volunteer.do_not_alert_until = until
    volunteer.save(update_fields=["do_not_alert_until", "modified_at"])


def pause_alerts_by_keyword(volunteer: Volunteer, today=None):
    """SMS STOP: no alerts for KEYWORD_PAUSE_DAYS from today; returns that date."""
    from datetime import timedelta

    until = (today or timezone.localdate()) + timedelta(days=KEYWORD_PAUSE_DAYS)
    pause_alerts(volunteer, until)
    return until


def resume_alerts(volunteer: Volunteer) -> None:
    pause_alerts(volunteer, None)


# Fields a coordinator records for a volunteer registered on their behalf (a paper form, a
# list from an association's own register): contact details, home, what they offer and
# the consent as the volunteer gave it, with when they last confirmed their details.
REGISTERED_FIELDS = (
    "name", "phone", "language", "home_municipality_id", "latitude", "longitude",
    "driving_licence_classes", "channels", "do_not_alert_until", "consent_text",
    "consent_given_at", "email_confirmed_at", "last_active_at",
)  # fmt: skip


@dataclass(frozen=True)
class VolunteerRecord:
    """One volunteer as a coordinator registers them: `values` holds REGISTERED_FIELDS
    (consent_text and consent_given_at required for a new one); the relations are lists of
    objects, availability a list of (weekday, start, end)."""

    email: str
    values: dict
    skills: list = field(default_factory=list)
    languages: list = field(default_factory=list)
    interpreting_languages: list = field(default_factory=list)
    organizations: list = field(default_factory=list)
    availability: list = field(default_factory=list)


M2M = ("skills", "languages", "interpreting_languages", "organizations")


@transaction.atomic
def register_volunteer(record: VolunteerRecord, *, by, user=None) -> tuple[Volunteer, str]:
    """Register a volunteer on their behalf, or bring one registered before (same e-mail
    address) up to date: no account is created and no e-mail is sent (the volunteer gave
    their consent to the coordinator; `user` links an existing account). Only what differs
    is written, with one history row per registration or change; returns the volunteer and
    "created", "updated" or "unchanged"."""
    unknown = set(record.values) - set(REGISTERED_FIELDS)
    if unknown:
        raise ValueError(f"not a registered volunteer's field: {sorted(unknown)}")
    volunteer = Volunteer.objects.select_for_update().filter(email__iexact=record.email).first()
    created = volunteer is None
    if created:
        if not (record.values.get("consent_text") and record.values.get("consent_given_at")):
            raise ValueError("a volunteer is registered only with their consent")
        volunteer = Volunteer(email=record.email, **record.values)
        changed = True
    else:
        diff = {n: v for n, v in record.values.items() if getattr(volunteer, n) != v}
        for name, value in diff.items():
            setattr(volunteer, name, value)
        changed = bool(diff)
    if user is not None and volunteer.user_id != user.pk:
        volunteer.user = user
        changed = True
    volunteer.skip_history_when_saving = True  # one history row at the end, not one a link
    try:
        if changed:
            volunteer.save()
        for name in M2M:
            wanted = getattr(record, name)
            manager = getattr(volunteer, name)
            if created or set(manager.values_list("pk", flat=True)) != {o.pk for o in wanted}:
                manager.set(wanted)
                changed = True
    finally:
        del volunteer.skip_history_when_saving
    slots = sorted(tuple(slot) for slot in record.availability)
    current = sorted(volunteer.availability.values_list("weekday", "start", "end"))
    if slots != current:
        volunteer.availability.all().delete()
        AvailabilitySlot.objects.bulk_create(
            AvailabilitySlot(volunteer=volunteer, weekday=d, start=s, end=e) for d, s, e in slots
        )
        changed = True
    if not changed:
        return volunteer, "unchanged"
    Volunteer.history.bulk_history_create(
        [volunteer], update=not created, default_user=by, default_change_reason="registered by"
    )
    outcome = "created" if created else "updated"
    audit.info("volunteer.register volunteer=%s by=%s %s", volunteer.pk, by.pk, outcome)
    return volunteer, outcome
