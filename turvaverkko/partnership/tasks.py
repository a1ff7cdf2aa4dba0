"""Reminders and invitations of the partnership tables, delivered through notify (e-mail).

Each message has its own notify dispatch key, so running a reminder twice sends nothing twice;
the stamps (`term_reminder_sent_at`, `overdue_reminder_sent_at`, `report_reminded_for`) keep
the daily query small. Scheduled daily in web/scheduler.py."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from turvaverkko.notify.actions import Message, queue_deliveries

from .actions import current_memberships
from .models import ActionItem, Attendance, Meeting, Membership, Nomination, PartnershipTable

TERM_REMINDER_DAYS = 60
REPORT_BACK_DAYS = 14


def _languages(table: PartnershipTable) -> list[str]:
    return ["fi", "sv"] if table.is_bilingual else ["fi"]


def _text(
    table: PartnershipTable, compose: Callable[..., tuple[str, str]], *args: Any
) -> tuple[str, str]:
    """(subject, body) in Finnish, and in Swedish after it in a bilingual area."""
    subjects, bodies = [], []
    for language in _languages(table):
        with translation.override(language):
            subject, body = compose(*args)
        subjects.append(subject)
        bodies.append(body)
    return " / ".join(subjects), "\n\n---\n\n".join(bodies)


def _secretaries(table: PartnershipTable, on: date) -> list[Membership]:
    return [
        m
        for m in current_memberships(table, on)
        if m.role in (Membership.Role.CHAIR, Membership.Role.SECRETARY) and m.email
    ]


def remind_term_ends(today: date | None = None) -> int:
    """Tell the member and the table's chair and secretary 60 days before a term ends."""
    today = today or timezone.localdate()
    due = Membership.objects.filter(
        term_reminder_sent_at__isnull=True,
        end__gte=today,
        end__lte=today + timedelta(days=TERM_REMINDER_DAYS),
    ).select_related("table", "organization", "seat")
    sent = 0
    for membership in due:
        table = membership.table

        def compose(m: Membership = membership) -> tuple[str, str]:
            return (
                _("A term at %(table)s ends") % {"table": m.table},
                _(
                    "The term of %(person)s (%(organization)s) at %(table)s ends on %(end)s. "
                    "Agree on the next representative in time."
                )
                % {
                    "person": m.person_name,
                    "organization": m.organization,
                    "table": m.table,
                    "end": f"{m.end:%d.%m.%Y}",
                },
            )

        subject, body = _text(table, compose, membership)
        recipients = {m.email: m.pk for m in _secretaries(table, today)}
        if membership.email:
            recipients[membership.email] = membership.pk
        messages = [
            Message(f"member:{pk}", "email", address, body, subject=subject)
            for address, pk in sorted(recipients.items())
        ]
        with transaction.atomic():
            queue_deliveries(f"partnership:term:{membership.pk}:{membership.end}", messages)
            membership.term_reminder_sent_at = timezone.now()
            membership.save(update_fields=["term_reminder_sent_at"])
        sent += len(messages)
    return sent


def remind_overdue_actions(today: date | None = None) -> int:
    """Tell the owner of each overdue open action, once."""
    today = today or timezone.localdate()
    due = (
        ActionItem.objects.filter(
            agenda_item__isnull=False,
            done=False,
            due_date__lt=today,
            overdue_reminder_sent_at__isnull=True,
        )
        .exclude(owner_email="")
        .distinct()
    )
    sent = 0
    for action in due:
        item = action.source
        assert item is not None
        table: PartnershipTable = item.meeting.table

        def compose(a: ActionItem = action, t: PartnershipTable = table) -> tuple[str, str]:
            return (
                _("Overdue action: %(action)s") % {"action": a.description},
                _(
                    "The action “%(action)s” agreed at %(table)s was due on %(due)s "
                    "and is still open. It stays on every meeting's agenda until it is closed."
                )
                % {"action": a.description, "table": t, "due": f"{a.due_date:%d.%m.%Y}"},
            )

        subject, body = _text(table, compose, action, table)
        with transaction.atomic():
            queue_deliveries(
                f"partnership:overdue:{action.pk}",
                [
                    Message(
                        f"action:{action.pk}", "email", action.owner_email, body, subject=subject
                    )
                ],
            )
            action.overdue_reminder_sent_at = timezone.now()
            action.save(update_fields=["overdue_reminder_sent_at"])
        sent += 1
    return sent


def remind_report_back(today: date | None = None) -> int:
    """Before each table meeting, ask every nominee in office to report back from the body."""
    today = today or timezone.localdate()
    sent = 0
    horizon = timezone.now() + timedelta(days=REPORT_BACK_DAYS)
    for nomination in Nomination.objects.filter(term_start__lte=today, term_end__gte=today).exclude(
        email=""
    ):
        meeting = (
            Meeting.objects.filter(
                table=nomination.table_id,
                status=Meeting.Status.PLANNED,
                starts_at__gte=timezone.now(),
                starts_at__lte=horizon,
            )
            .order_by("starts_at")
            .first()
        )
        if meeting is None or nomination.report_reminded_for_id == meeting.pk:
            continue

        def compose(n: Nomination = nomination, mt: Meeting = meeting) -> tuple[str, str]:
            local = timezone.localtime(mt.starts_at)
            return (
                _("Report back to %(table)s") % {"table": n.table},
                _(
                    "%(table)s meets on %(when)s. Please report briefly what is going on at "
                    "%(body)s, where the table nominated you."
                )
                % {"table": n.table, "when": f"{local:%d.%m.%Y %H.%M}", "body": n.body},
            )

        subject, body = _text(nomination.table, compose, nomination, meeting)
        with transaction.atomic():
            queue_deliveries(
                f"partnership:report:{nomination.pk}:{meeting.pk}",
                [Message(f"nomination:{nomination.pk}", "email", nomination.email, body, subject)],
            )
            nomination.report_reminded_for = meeting
            nomination.save(update_fields=["report_reminded_for"])
        sent += 1
    return sent


def invite(meeting: Meeting) -> int:
    """E-mail every current member an invitation with one-tap RSVP links (one answer per
    organisation). Sent again after a change (the key carries the meeting's sequence)."""
    table = meeting.table
    sent = []
    attendance = {a.organization_id: a for a in Attendance.objects.filter(meeting=meeting)}
    for membership in current_memberships(table, timezone.localdate()):
        if not membership.email:
            continue
        row = attendance.get(membership.organization_id)
        if row is None:
            row = Attendance.objects.create(
                meeting=meeting, organization_id=membership.organization_id
            )
            attendance[membership.organization_id] = row

        def link(answer: str, r: Attendance = row) -> str:
            return str(settings.SITE_URL) + reverse("partnership:rsvp", args=[r.token, answer])

        def compose(mt: Meeting = meeting) -> tuple[str, str]:
            local = timezone.localtime(mt.starts_at)
            return (
                _("%(table)s meets on %(when)s") % {"table": mt.table, "when": f"{local:%d.%m.%Y}"},
                _("%(table)s meets on %(when)s (%(mode)s). Coming: %(yes)s  Not coming: %(no)s")
                % {
                    "table": mt.table,
                    "when": f"{local:%d.%m.%Y %H.%M}",
                    "mode": mt.get_mode_display(),
                    "yes": link("yes"),
                    "no": link("no"),
                },
            )

        subject, body = _text(table, compose, meeting)
        sent.append(Message(f"member:{membership.pk}", "email", membership.email, body, subject))
    queue_deliveries(f"partnership:invite:{meeting.pk}:{meeting.sequence}", sent)
    return len(sent)


@task()
def send_partnership_reminders() -> int:
    """Daily: term ends, overdue actions and report-back requests."""
    return remind_term_ends() + remind_overdue_actions() + remind_report_back()
