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
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from turvaverkko.notify.actions import Message, queue_deliveries
from turvaverkko.notify.sms.text import compose_sms

from . import timetable
from .bookingsms import booking_sms
from .models import HELSINKI, Booking, Subscriber, Tally, Visit, VisitSeries

audit = logging.getLogger("turvaverkko.audit")
RETENTION_DAYS = 30
REMINDER_HOURS = 24


def today() -> date:
    return timezone.localtime(timezone.now(), HELSINKI).date()


@dataclass
class Materialised:
    created: int = 0
    changed: int = 0  # untouched or booked future visits that follow a changed timetable
    cancelled: int = 0  # booked or moved visits on dates the timetable no longer has
    messages: int = 0  # notices queued to booked residents (and subscribers of cancellations)


@transaction.atomic
def materialise(series: VisitSeries, *, start: date | None = None) -> Materialised:
    """Bring the visits from `start` (today) to 12 months ahead in line with the series.

    Missing visits are created. A future visit that is not moved and not cancelled follows
    changed times; its bookings move with it and the booked residents are told. A moved or
    cancelled visit keeps its exception. A date the timetable no longer has (another weekday,
    the series ended) loses its visit: untouched and cancelled ones are deleted, moved or
    booked ones are cancelled so that the booked residents and subscribers are told. Past
    visits are never touched."""
    start = start or today()
    end = start + timedelta(days=timetable.MATERIALISE_DAYS)
    wanted = set(timetable.held_dates(series, start, end))
    existing = {v.date: v for v in series.visits.filter(date__gte=start)}
    done = Materialised()
    for day in sorted(wanted):
        starts, ends = timetable.visit_times(series, day)
        visit = existing.get(day)
        if visit is None:
            Visit.objects.create(series=series, date=day, starts_at=starts, ends_at=ends)
            done.created += 1
        elif (
            not visit.moved
            and visit.status == Visit.Status.SCHEDULED
            and (visit.starts_at, visit.ends_at) != (starts, ends)
        ):
            old_start = visit.starts_at
            visit.starts_at, visit.ends_at = starts, ends
            visit.save(update_fields=["starts_at", "ends_at", "modified_at"])
            done.changed += 1
            if _shift_bookings(visit, starts - old_start):
                # the visit's own sequence stays (no override); the series' went up
                key = f"outreach:move:{visit.pk}:s{series.sequence}"
                done.messages += _tell_of_move(visit, old_start, "", key, subscribers=False)
    gone = gettext_lazy("No longer on the timetable.")
    for day, visit in existing.items():
        if day in wanted:
            continue
        booked = visit.bookings.filter(status=Booking.Status.BOOKED).exists()
        if visit.status == Visit.Status.SCHEDULED and (visit.moved or booked):
            done.messages += cancel_visit(visit, gone)
            done.cancelled += 1
        elif not visit.bookings.exists():
            visit.delete()
    return done


@transaction.atomic
def save_series(series: VisitSeries, *, user: object = None) -> Materialised:
    """Create or change a series: the timetable's SEQUENCE goes up, visits follow."""
    if series.pk and VisitSeries.objects.filter(pk=series.pk).exists():
        series.sequence += 1
    series.save()
    done = materialise(series)
    audit.info("outreach series %s saved by %s", series.pk, user)
    return done


@transaction.atomic
def end_series(series: VisitSeries, last_day: date, *, user: object = None) -> Materialised:
    """No visits after `last_day`: later booked visits are cancelled with a message."""
    series.ends_on = last_day
    return save_series(series, user=user)


@transaction.atomic
def move_visit(visit: Visit, starts_at: datetime, ends_at: datetime, note: str = "") -> int:
    """One visit at other times (the series is unchanged; the feed shows an override). Its
    bookings move by as much; booked residents and subscribers are told, one message each.
    Returns how many messages were queued."""
    old_start = visit.starts_at
    changed = (visit.starts_at, visit.ends_at) != (starts_at, ends_at)
    visit.starts_at, visit.ends_at = starts_at, ends_at
    visit.moved, visit.note = True, note
    visit.sequence += 1
    visit.save()
    if not changed or visit.status != Visit.Status.SCHEDULED:
        return 0
    _shift_bookings(visit, starts_at - old_start)
    key = f"outreach:move:{visit.pk}:{visit.sequence}"
    return _tell_of_move(visit, old_start, note, key, subscribers=True)


def _shift_bookings(visit: Visit, delta: timedelta) -> int:
    """Move the visit's live bookings by `delta`, in an order that never puts two on one
    time (the unique slot constraint holds after every row)."""
    bookings = list(visit.bookings.filter(status=Booking.Status.BOOKED).order_by(
        "-starts_at" if delta > timedelta(0) else "starts_at"))  # fmt: skip
    if not delta:
        return len(bookings)
    for booking in bookings:
        booking.starts_at += delta
        booking.save(update_fields=["starts_at"])
    return len(bookings)


def _tell_of_move(visit: Visit, old_start: datetime, note: str, key: str, *,
                  subscribers: bool) -> int:  # fmt: skip
    series = visit.series
    recipients: list[Recipient] = []
    for booking in visit.bookings.filter(status=Booking.Status.BOOKED):
        was = old_start - visit.starts_at + booking.starts_at
        with translation.override(booking.language):
            text = _("Moved: your appointment is now %(when)s (was %(old)s), %(site)s.") % {
                "site": series.site.name,
                "when": _local(booking.starts_at),
                "old": _local(was, booking.starts_at),
            }
        recipients.append(Recipient(f"booking:{booking.pk}", booking.phone, booking.email,
                                    booking.language, _signed(text, note, visit),
                                    cancel_link(booking)))  # fmt: skip
    if subscribers:
        for sub in _subscribers(visit):
            with translation.override(sub.language):
                text = _("Moved: %(when)s–%(until)s %(site)s. It was %(old)s.") % {
                    "site": series.site.name,
                    "old": _local(old_start, visit.starts_at),
                    "when": _local(visit.starts_at),
                    "until": f"{timezone.localtime(visit.ends_at, HELSINKI):%H.%M}",
                }
            recipients.append(Recipient(f"subscriber:{sub.pk}", sub.phone, sub.email,
                                        sub.language, _signed(text, note, visit),
                                        site_link(visit, sub.language)))  # fmt: skip
    return _queue(key, recipients)


@transaction.atomic
def cancel_visit(visit: Visit, reason: str | Promise = "") -> int:
    """Cancel one visit and tell its booked residents and the subscribers, one message each;
    returns how many messages were queued."""
    if visit.status == Visit.Status.CANCELLED:
        return 0
    visit.status = Visit.Status.CANCELLED
    visit.note = str(reason)
    visit.sequence += 1
    visit.save()
    recipients: list[Recipient] = []
    for booking in visit.bookings.filter(status=Booking.Status.BOOKED):
        booking.status = Booking.Status.CANCELLED
        booking.save(update_fields=["status"])
        recipients.append(Recipient(f"booking:{booking.pk}", booking.phone, booking.email,
                                    booking.language,
                                    _cancel_text(visit, reason, booking.language)))  # fmt: skip
    recount_bookings(visit)
    for sub in _subscribers(visit):
        recipients.append(Recipient(f"subscriber:{sub.pk}", sub.phone, sub.email, sub.language,
                                    _cancel_text(visit, reason, sub.language)))  # fmt: skip
    return _queue(f"outreach:cancel:{visit.pk}:{visit.sequence}", recipients)


def _subscribers(visit: Visit) -> Iterable[Subscriber]:
    series = visit.series
    return Subscriber.objects.filter(
        Q(site__isnull=True) | Q(site=series.site), programme=series.programme
    ).order_by("pk")


@dataclass(frozen=True)
class Recipient:
    key: str
    phone: str
    email: str
    language: str
    text: str
    link: str = ""


def _queue(dispatch_key: str, recipients: list[Recipient]) -> int:
    """One message per phone number or e-mail address: a booked resident who also subscribed
    gets the booking's message only (booked residents come first)."""
    seen: set[str] = set()
    messages: list[Message] = []
    for r in recipients:
        address = r.phone or r.email
        if address in seen:
            continue
        seen.add(address)
        messages += _messages(r.key, r.phone, r.email, r.language, r.text, r.link)
    if not messages:
        return 0
    return queue_deliveries(dispatch_key, messages).new


def _local(at: datetime, beside: datetime | None = None) -> str:
    """Helsinki date and time; only the time when `beside` is on the same day."""
    local = timezone.localtime(at, HELSINKI)
    if beside is not None and timezone.localtime(beside, HELSINKI).date() == local.date():
        return f"{local:%H.%M}"
    return f"{local:%d.%m.%Y %H.%M}"


def _signed(text: str, note: str, visit: Visit) -> str:
    return f"{text} {note} – {visit.series.programme.name}".replace("  ", " ").strip()


def site_link(visit: Visit, language: str) -> str:
    with translation.override(language):
        path = reverse("outreach:site", kwargs={"pk": visit.series.site_id})
    return f"{settings.SITE_URL}{path}"


def recount_bookings(visit: Visit) -> None:
    """Stamp the visit's booking counts (kept for reach after the bookings are deleted)."""
    live = visit.bookings.exclude(status=Booking.Status.CANCELLED)
    visit.booked_count = live.count()
    visit.no_show_count = live.filter(status=Booking.Status.NO_SHOW).count()
    # update(), not save(): the counts are no change of the timetable (LAST-MODIFIED).
    Visit.objects.filter(pk=visit.pk).update(
        booked_count=visit.booked_count, no_show_count=visit.no_show_count
    )


ATTENDANCE = (Booking.Status.MET, Booking.Status.NO_SHOW)


@transaction.atomic
def mark_attendance(visit: Visit, marks: dict[int, str], *, user: object = None) -> int:
    """Mark bookings whose time has come as met or did not come; returns how many changed."""
    allowed = {s.value for s in ATTENDANCE}
    now = timezone.now()
    changed = 0
    bookings = visit.bookings.filter(
        pk__in=list(marks), starts_at__lte=now,
        status__in=[Booking.Status.BOOKED, *ATTENDANCE],
    )  # fmt: skip
    for booking in bookings:
        status = marks[booking.pk]
        if status in allowed and booking.status != status:
            booking.status = status
            booking.save(update_fields=["status"])
            changed += 1
    recount_bookings(visit)
    audit.info("outreach visit %s attendance marked by %s (%s changed)", visit.pk, user, changed)
    return changed


def _when(visit: Visit) -> str:
    return _local(visit.starts_at)


def _cancel_text(visit: Visit, reason: str | Promise, language: str | None = None) -> str:
    with translation.override(language or translation.get_language()):
        text = _("Cancelled: %(when)s %(site)s.") % {
            "site": visit.series.site.name,
            "when": _when(visit),
        }
        reason = str(reason)  # a lazy reason is said in the recipient's language
    return f"{text} {reason} – {visit.series.programme.name}".replace("  ", " ").strip()


def _messages(key: str, phone: str, email: str, language: str, text: str,
              link: str = "", sms: str = "") -> list[Message]:  # fmt: skip
    """SMS and e-mail copies; an SMS is `sms` when given (bookingsms.py), else it keeps the
    text's first sentence (time and place) and the link whole and shortens what follows."""
    out = []
    if phone and sms:
        out.append(Message(key, "sms", phone, sms, language=language))
    elif phone:
        head, _sep, tail = text.partition(". ")
        try:
            sms = compose_sms(head + ("." if tail else ""), tail, link)
        except ValueError:  # a long stop name: shorten the whole text, keep the link whole
            sms = compose_sms("", text, link)
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


def short_cancel_link(booking: Booking) -> str:
    """The cancel link an SMS carries: 21 characters shorter, so the SMS has room for the
    stop's name (hook_urls.py; it leads to cancel_link)."""
    path = reverse("outreach_hooks:booking_link", kwargs={"token": booking.token})
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
            recount_bookings(visit)
            link = cancel_link(booking)
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
                          booking.language, text, link,
                          booking_sms(booking, short_cancel_link(booking))),
            )  # fmt: skip
    except IntegrityError:
        raise BookingError(_("Someone just booked this time. Choose another one.")) from None
    return booking


@transaction.atomic
def cancel_booking(booking: Booking) -> None:
    if booking.status == Booking.Status.BOOKED:
        booking.status = Booking.Status.CANCELLED
        booking.save(update_fields=["status"])
        recount_bookings(booking.visit)


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
        link = cancel_link(booking)
        sms = booking_sms(booking, short_cancel_link(booking), reminder=True)
        with transaction.atomic():
            queue_deliveries(
                f"outreach:reminder:{booking.pk}",
                _messages(f"booking:{booking.pk}", booking.phone, booking.email,
                          booking.language, text, link, sms),
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
