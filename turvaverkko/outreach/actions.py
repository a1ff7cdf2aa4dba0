"""All writes of outreach: series and their visits, cancellations, bookings, tallies."""

import logging
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from turvaverkko.notify.actions import Message, queue_deliveries
from turvaverkko.notify.sms.text import compose_sms

from . import timetable
from .models import HELSINKI, Booking, Subscriber, Tally, Visit, VisitSeries

audit = logging.getLogger("turvaverkko.audit")
RETENTION_DAYS = 30
REMINDER_HOURS = 24


def today() -> date:
    return timezone.localtime(timezone.now(), HELSINKI).date()


@transaction.atomic
def materialise(series: VisitSeries, *, start: date | None = None) -> int:
    """Create the visits of the next 12 months that do not exist yet; reschedule the future
    visits nobody has touched (not moved, not cancelled, no bookings) when the timetable
    changed, and drop those the timetable no longer has. Returns the number created."""
    start = start or today()
    end = start + timedelta(days=timetable.MATERIALISE_DAYS)
    wanted = set(timetable.held_dates(series, start, end))
    existing = {v.date: v for v in series.visits.filter(date__gte=start)}
    created = 0
    for day in sorted(wanted):
        starts, ends = timetable.visit_times(series, day)
        visit = existing.get(day)
        if visit is None:
            Visit.objects.create(series=series, date=day, starts_at=starts, ends_at=ends)
            created += 1
        elif (
            not visit.moved
            and visit.status == Visit.Status.SCHEDULED
            and (visit.starts_at, visit.ends_at) != (starts, ends)
        ):
            visit.starts_at, visit.ends_at = starts, ends
            visit.save(update_fields=["starts_at", "ends_at", "modified_at"])
    for day, visit in existing.items():
        untouched = not visit.moved and visit.status == Visit.Status.SCHEDULED
        if day not in wanted and untouched and not visit.bookings.exists():
            visit.delete()
    return created


@transaction.atomic
def save_series(series: VisitSeries, *, user: object = None) -> VisitSeries:
    """Create or change a series: the timetable's SEQUENCE goes up, visits follow."""
    if series.pk and VisitSeries.objects.filter(pk=series.pk).exists():
        series.sequence += 1
    series.save()
    materialise(series)
    audit.info("outreach series %s saved by %s", series.pk, user)
    return series


@transaction.atomic
def move_visit(visit: Visit, starts_at: datetime, ends_at: datetime, note: str = "") -> Visit:
    """One visit at other times (the series is unchanged; the feed shows an override)."""
    visit.starts_at, visit.ends_at = starts_at, ends_at
    visit.moved, visit.note = True, note
    visit.sequence += 1
    visit.save()
    return visit


@transaction.atomic
def cancel_visit(visit: Visit, reason: str = "") -> int:
    """Cancel one visit and tell its booked residents and the subscribers; returns how many
    messages were queued."""
    if visit.status == Visit.Status.CANCELLED:
        return 0
    visit.status = Visit.Status.CANCELLED
    visit.note = reason
    visit.sequence += 1
    visit.save()
    series = visit.series
    messages: list[Message] = []
    for booking in visit.bookings.filter(status=Booking.Status.BOOKED):
        booking.status = Booking.Status.CANCELLED
        booking.save(update_fields=["status"])
        messages += _messages(f"booking:{booking.pk}", booking.phone, booking.email,
                              booking.language, _cancel_text(visit, reason))  # fmt: skip
    subscribers = Subscriber.objects.filter(
        Q(site__isnull=True) | Q(site=series.site), programme=series.programme
    )
    for sub in subscribers:
        messages += _messages(f"subscriber:{sub.pk}", sub.phone, sub.email, sub.language,
                              _cancel_text(visit, reason, sub.language))  # fmt: skip
    if not messages:
        return 0
    return queue_deliveries(f"outreach:cancel:{visit.pk}:{visit.sequence}", messages).new


def _when(visit: Visit) -> str:
    local = timezone.localtime(visit.starts_at, HELSINKI)
    return f"{local:%d.%m.%Y %H.%M}"


def _cancel_text(visit: Visit, reason: str, language: str | None = None) -> str:
    with translation.override(language or translation.get_language()):
        text = _("Cancelled: %(when)s %(site)s.") % {
            "site": visit.series.site.name,
            "when": _when(visit),
        }
    return f"{text} {reason} – {visit.series.programme.name}".strip()


def _messages(key: str, phone: str, email: str, language: str, text: str,
              link: str = "") -> list[Message]:  # fmt: skip
    """SMS and e-mail copies; an SMS keeps its first sentence (time and place) and the link
    whole and shortens only what follows."""
    out = []
    if phone:
        head, _sep, tail = text.partition(". ")
        sms = compose_sms(head + ("." if tail else ""), tail, link)
        out.append(Message(key, "sms", phone, sms, language=language))
    if email:
        body = f"{text}\n\n{link}".strip()
        out.append(Message(key, "email", email, body, subject=text[:120], language=language))
    return out


class BookingError(Exception):
    pass


@dataclass(frozen=True)
class BookingRequest:
    visit: Visit
    starts_at: datetime
    mode: str
    name: str
    phone: str = ""
    email: str = ""
    language: str = "fi"


def cancel_link(booking: Booking) -> str:
    with translation.override(booking.language):
        path = reverse("outreach:booking_cancel", kwargs={"token": booking.token})
    return f"{settings.SITE_URL}{path}"


def book(request: BookingRequest) -> Booking:
    """Book a free slot; a confirmation with a cancel link goes by SMS or e-mail."""
    visit = request.visit
    if visit.status != Visit.Status.SCHEDULED or visit.starts_at <= timezone.now():
        raise BookingError(_("This visit can no longer be booked."))
    local_day = timezone.localtime(visit.starts_at, HELSINKI).date()
    if request.starts_at not in timetable.slots(visit.series, local_day) and not visit.moved:
        raise BookingError(_("Choose one of the times offered."))
    if not (request.phone or request.email):
        raise BookingError(_("Give a phone number or an e-mail address."))
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                visit=visit, starts_at=request.starts_at, mode=request.mode,
                name=request.name, phone=request.phone, email=request.email,
                language=request.language, token=secrets.token_urlsafe(16),
            )  # fmt: skip
            with translation.override(request.language):
                text = _("Booked: %(when)s %(site)s (%(mode)s). %(programme)s") % {
                    "programme": visit.series.programme.name,
                    "site": visit.series.site.name,
                    "when": f"{timezone.localtime(request.starts_at, HELSINKI):%d.%m.%Y %H.%M}",
                    "mode": booking.get_mode_display(),
                }
            queue_deliveries(
                f"outreach:booking:{booking.pk}",
                _messages(f"booking:{booking.pk}", booking.phone, booking.email,
                          booking.language, text, cancel_link(booking)),
            )  # fmt: skip
    except IntegrityError:
        raise BookingError(_("Someone just booked this time. Choose another one.")) from None
    return booking


@transaction.atomic
def cancel_booking(booking: Booking) -> None:
    if booking.status == Booking.Status.BOOKED:
        booking.status = Booking.Status.CANCELLED
        booking.save(update_fields=["status"])


def send_reminders(now: datetime | None = None) -> int:
    """Remind booked residents of tomorrow's appointments (once each)."""
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=Booking.Status.BOOKED, reminded=False,
        starts_at__gt=now, starts_at__lte=now + timedelta(hours=REMINDER_HOURS),
        visit__status=Visit.Status.SCHEDULED,
    ).select_related("visit__series__programme", "visit__series__site")  # fmt: skip
    sent = 0
    for booking in due:
        with translation.override(booking.language):
            text = _("Reminder: %(when)s %(site)s. %(programme)s") % {
                "programme": booking.visit.series.programme.name,
                "site": booking.visit.series.site.name,
                "when": f"{timezone.localtime(booking.starts_at, HELSINKI):%d.%m.%Y %H.%M}",
            }
        with transaction.atomic():
            queue_deliveries(
                f"outreach:reminder:{booking.pk}",
                _messages(f"booking:{booking.pk}", booking.phone, booking.email,
                          booking.language, text, cancel_link(booking)),
            )  # fmt: skip
            booking.reminded = True
            booking.save(update_fields=["reminded"])
        sent += 1
    return sent


def purge_bookings(now: datetime | None = None) -> int:
    """Delete the bookings of visits that ended more than 30 days ago (the form says so)."""
    cutoff = (now or timezone.now()) - timedelta(days=RETENTION_DAYS)
    deleted, _rows = Booking.objects.filter(visit__ends_at__lt=cutoff).delete()
    return deleted


@transaction.atomic
def subscribe(subscriber: Subscriber) -> Subscriber:
    subscriber.token = secrets.token_urlsafe(16)
    subscriber.save()
    return subscriber


TALLY_FIELDS = ("channel", "topic", "age_band", "language", "referral")


def record_tallies(visit: Visit, rows: Iterable[dict[str, object]]) -> tuple[int, list[str]]:
    """Store tallies sent from a phone; an id seen before is skipped (sent once). Returns
    (new tallies, errors by row)."""
    errors: list[str] = []
    new = 0
    valid = {
        "channel": set(Tally.Channel.values),
        "topic": set(Tally.Topic.values),
        "age_band": set(Tally.AgeBand.values),
        "language": {"", "fi", "sv", "en", "other"},
    }
    for i, row in enumerate(rows, start=1):
        try:
            tally_id = uuid.UUID(str(row.get("id")))
        except ValueError:
            errors.append(f"row {i}: id is not a UUID")
            continue
        bad = [k for k, allowed in valid.items() if row.get(k, "") not in allowed]
        if bad:
            errors.append(f"row {i}: unknown {', '.join(bad)}")
            continue
        _tally, created = Tally.objects.get_or_create(
            id=tally_id,
            defaults={
                "visit": visit,
                "channel": str(row["channel"]),
                "topic": str(row["topic"]),
                "age_band": str(row.get("age_band", "")),
                "language": str(row.get("language", "")),
                "referral": bool(row.get("referral")),
            },
        )
        new += int(created)
    return new, errors
