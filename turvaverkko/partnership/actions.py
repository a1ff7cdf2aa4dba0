"""Every write of the partnership app: tables, calls, meetings, agendas, memos, actions."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    ActionItem,
    AgendaItem,
    Application,
    Attendance,
    Matter,
    Meeting,
    MeetingSeries,
    Membership,
    PartnershipTable,
    TopicProposal,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
MEETING_BUDGET_MINUTES = 90
MAX_OCCURRENCES = 24


# --- meetings ---------------------------------------------------------------------------


def series_starts(first_start: datetime, rule: str) -> list[datetime]:
    """The starts of a series in Helsinki wall-clock time (a 17:00 meeting stays at 17:00 across
    daylight saving), aware. The rule must end (COUNT or UNTIL) within MAX_OCCURRENCES."""
    local = first_start.astimezone(HELSINKI).replace(tzinfo=None)
    upper = rule.upper()
    if "COUNT=" not in upper and "UNTIL=" not in upper:
        raise ValidationError(_("The rule must end: give COUNT or UNTIL."))
    try:
        rrule = rrulestr(rule.removeprefix("RRULE:"), dtstart=local, ignoretz=True)
    except (ValueError, TypeError) as error:
        raise ValidationError(_("Not a recurrence rule: %(error)s") % {"error": error}) from error
    starts = []
    for n, start in enumerate(rrule):
        if n >= MAX_OCCURRENCES:
            raise ValidationError(
                _("The rule gives more than %(max)d meetings.") % {"max": MAX_OCCURRENCES}
            )
        starts.append(start.replace(tzinfo=HELSINKI))
    return starts


@transaction.atomic
def create_series(series: MeetingSeries) -> list[Meeting]:
    """Save the series and one meeting per occurrence."""
    starts = series_starts(series.first_start, series.rrule)
    series.save()
    meetings = [
        Meeting(
            table=series.table,
            series=series,
            original_start=start,
            starts_at=start,
            duration_minutes=series.duration_minutes,
            mode=series.mode,
            location=series.location,
            online_url=series.online_url,
        )
        for start in starts
    ]
    for meeting in meetings:
        meeting.save()
    return meetings


def move_meeting(meeting: Meeting, starts_at: datetime, location: str | None = None) -> None:
    """Move one occurrence; the series and its other meetings stay (RECURRENCE-ID keeps it)."""
    meeting.starts_at = starts_at
    if location is not None:
        meeting.location = location
    meeting.sequence += 1
    meeting.save()


def cancel_meeting(meeting: Meeting) -> None:
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save()


def next_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(table=meeting.table_id, starts_at__gt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .first()
    )


def online_link_visible(meeting: Meeting, now: datetime | None = None) -> bool:
    """Members see the online link from a day before the start until the meeting ends."""
    now = now or timezone.now()
    return bool(meeting.online_url) and (
        meeting.starts_at - timedelta(hours=24) <= now <= meeting.ends_at
    )


@transaction.atomic
def hold_meeting(meeting: Meeting) -> None:
    """Mark the meeting held: every open action it carried counts one carry-over more."""
    for action in open_actions_before(meeting):
        action.carry_over_count += 1
        action.save(update_fields=["carry_over_count"])
    meeting.status = Meeting.Status.HELD
    meeting.save()


def rsvp(token: str, answer: str) -> Attendance | None:
    attendance = Attendance.objects.filter(token=token).select_related("meeting").first()
    if attendance is None or answer not in Attendance.Answer.values:
        return None
    attendance.answer = answer
    attendance.save(update_fields=["answer"])
    return attendance


def record_attendance(meeting: Meeting, present_ids: Iterable[str]) -> None:
    present = {str(pk) for pk in present_ids}
    for row in ensure_attendance(meeting):
        row.present = str(row.organization_id) in present
        row.save(update_fields=["present"])


def ensure_attendance(meeting: Meeting) -> list[Attendance]:
    """One attendance row per organisation with a current membership."""
    org_ids = {m.organization_id for m in current_memberships(meeting.table)}
    for org_id in org_ids:
        Attendance.objects.get_or_create(meeting=meeting, organization_id=org_id)
    return list(
        Attendance.objects.filter(meeting=meeting, organization__in=org_ids).select_related(
            "organization"
        )
    )


# --- memberships and open calls -----------------------------------------------------------


def current_memberships(table: PartnershipTable, on: date | None = None) -> QuerySet[Membership]:
    on = on or timezone.localdate()
    return (
        Membership.objects.filter(table=table, start__lte=on)
        .exclude(end__lt=on)
        .select_related("organization", "seat")
    )


def end_membership(membership: Membership, on: date) -> None:
    """Ending keeps the row: the history of who held the seat."""
    membership.end = on
    membership.save()


def apply(application: Application, today: date | None = None) -> Application:
    today = today or timezone.localdate()
    if today > application.call.deadline:
        raise ValidationError(_("The deadline of this call has passed."))
    if not application.call.seats.filter(pk=application.seat_id).exists():
        raise ValidationError(_("This seat is not in the call."))
    eligible = set(application.seat.eligible_categories.values_list("pk", flat=True))
    if eligible:
        org = application.organization
        categories = set(org.themes.values_list("pk", flat=True))
        categories |= set(org.target_groups.values_list("pk", flat=True))
        if not eligible & categories:
            raise ValidationError(
                _("The seat is for associations of another field: %(categories)s.")
                % {
                    "categories": ", ".join(
                        str(t) for t in application.seat.eligible_categories.all()
                    )
                }
            )
    application.save()
    return application


@transaction.atomic
def choose(application: Application, decision_item: AgendaItem, start: date) -> Membership:
    """Choose an application for its seat, as decided at `decision_item` of a meeting."""
    if decision_item.meeting.table_id != application.call.table_id:
        raise ValidationError(_("The decision must be one of this table's meetings."))
    application.status = Application.Status.CHOSEN
    application.decision = decision_item
    application.save()
    Application.objects.filter(call=application.call, seat=application.seat).exclude(
        pk=application.pk
    ).update(status=Application.Status.NOT_CHOSEN, decision=decision_item)
    if not decision_item.outcome_kind:
        decision_item.outcome_kind = AgendaItem.Outcome.DECISION
    chosen = f"{application.seat.label_fi}: {application.organization.name}"
    decision_item.outcome_fi = "\n".join(filter(None, [decision_item.outcome_fi, chosen]))
    decision_item.save()
    return Membership.objects.create(
        table=application.call.table,
        seat=application.seat,
        organization=application.organization,
        person_name=application.person_name,
        email=application.email,
        start=start,
        end=application.seat.term_end,
    )


# --- agenda, outcomes and actions -----------------------------------------------------------


def new_matter(table: PartnershipTable, title: str) -> Matter:
    return Matter.objects.get_or_create(table=table, title=title.strip())[0]


def add_item(item: AgendaItem) -> AgendaItem:
    if not item.position:
        item.position = item.meeting.items.count() + 1
    item.save()
    return item


def agenda_minutes(meeting: Meeting) -> int:
    return sum(item.minutes for item in meeting.items.all())


def over_budget(meeting: Meeting) -> bool:
    return agenda_minutes(meeting) > MEETING_BUDGET_MINUTES


@transaction.atomic
def accept_proposal(proposal: TopicProposal, meeting: Meeting, proposer: str = "") -> AgendaItem:
    item = add_item(
        AgendaItem(
            meeting=meeting,
            kind=AgendaItem.Kind.DISCUSSION,
            title_fi=proposal.title,
            proposer=proposer or proposal.name,
        )
    )
    proposal.status = TopicProposal.Status.ACCEPTED
    proposal.agenda_item = item
    proposal.save()
    return item


def record_outcome(item: AgendaItem, kind: str, text_fi: str, text_sv: str = "") -> None:
    item.outcome_kind = kind
    item.outcome_fi = text_fi
    item.outcome_sv = text_sv
    item.save()
    _memo_changed(item.meeting)


def add_action(item: AgendaItem, action: ActionItem) -> ActionItem:
    action.source_type = ContentType.objects.get_for_model(AgendaItem)
    action.source_id = item.pk
    action.full_clean(exclude=["exercise"])
    action.save()
    return action


def close_action(action: ActionItem, note: str) -> None:
    if not note.strip():
        raise ValidationError(_("Say how the action was closed."))
    action.done = True
    action.closed_note = note.strip()
    action.closed_at = timezone.now()
    action.save()


def table_actions(table: PartnershipTable) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(agenda_item__meeting__table=table).select_related(
        "owner_organization"
    )


def open_actions_before(meeting: Meeting) -> QuerySet[ActionItem]:
    """The open actions of the table agreed at earlier meetings: the "open actions" section of
    this meeting's agenda."""
    return (
        table_actions(meeting.table)
        .filter(done=False, agenda_item__meeting__starts_at__lt=meeting.starts_at)
        .order_by("due_date", "pk")
    )


def action_source_item(action: ActionItem) -> AgendaItem | None:
    source = action.source
    return source if isinstance(source, AgendaItem) else None


# --- memo ----------------------------------------------------------------------------------


@dataclass
class MemoItem:
    item: AgendaItem
    title: str
    outcome: str


def memo_items(meeting: Meeting, lang: str, *, public: bool) -> list[MemoItem]:
    """The items with their outcomes in `lang` (Finnish where Swedish is missing), confidential
    ones left out of the public memo."""
    items = meeting.items.all()
    if public:
        items = items.filter(confidential=False)
    result = []
    for item in items:
        title = item.title_sv if lang == "sv" and item.title_sv else item.title_fi
        outcome = item.outcome_sv if lang == "sv" and item.outcome_sv else item.outcome_fi
        result.append(MemoItem(item, title, outcome))
    return result


def missing_swedish(meeting: Meeting) -> list[str]:
    """What still lacks a Swedish text in the public memo (empty when complete)."""
    missing = []
    if meeting.memo_fi.strip() and not meeting.memo_sv.strip():
        missing.append(_("the memo's summary"))
    for item in meeting.items.filter(confidential=False):
        if not item.title_sv.strip() or (item.outcome_fi.strip() and not item.outcome_sv.strip()):
            missing.append(item.title_fi)
    return missing


def swedish_pending(meeting: Meeting) -> bool:
    return meeting.table.is_bilingual and bool(missing_swedish(meeting))


def _memo_changed(meeting: Meeting) -> None:
    """A change to a checked memo sends it back to draft; a public memo stays public."""
    if meeting.memo_status == Meeting.MemoStatus.CHECKED:
        meeting.memo_status = Meeting.MemoStatus.DRAFT
        meeting.save(update_fields=["memo_status"])


def save_memo_texts(meeting: Meeting, memo_fi: str, memo_sv: str) -> None:
    if (meeting.memo_fi, meeting.memo_sv) == (memo_fi, memo_sv):
        return
    meeting.memo_fi = memo_fi
    meeting.memo_sv = memo_sv
    meeting.save()
    _memo_changed(meeting)


def check_memo(meeting: Meeting) -> None:
    meeting.memo_status = Meeting.MemoStatus.CHECKED
    meeting.save()


def publish_memo(meeting: Meeting) -> None:
    """Publish a checked memo. In a bilingual area both the Finnish and the Swedish texts must
    exist first (Language Act 423/2003 § 32)."""
    if meeting.memo_status != Meeting.MemoStatus.CHECKED:
        raise ValidationError(_("Check the memo before publishing it."))
    if swedish_pending(meeting):
        raise ValidationError(
            _("The table is in a bilingual area: the Swedish text is missing for: %(items)s.")
            % {"items": ", ".join(missing_swedish(meeting))}
        )
    meeting.memo_status = Meeting.MemoStatus.PUBLIC
    meeting.memo_published_at = timezone.now()
    meeting.save()


def decisions(table: PartnershipTable, query: str = "") -> QuerySet[AgendaItem]:
    """The decisions register: outcomes of the table's public memos, newest first."""
    items = (
        AgendaItem.objects.filter(
            meeting__table=table,
            meeting__memo_status=Meeting.MemoStatus.PUBLIC,
            confidential=False,
        )
        .exclude(outcome_kind="")
        .select_related("meeting", "matter")
        .order_by("-meeting__starts_at", "position")
    )
    if query:
        from django.db.models import Q

        items = items.filter(
            Q(title_fi__icontains=query)
            | Q(title_sv__icontains=query)
            | Q(outcome_fi__icontains=query)
            | Q(outcome_sv__icontains=query)
            | Q(matter__title__icontains=query)
        )
    return items
