"""Partnership figures for the welfare report and statistics (core.indicators): table meetings
held, organisations attending, action items, nominations and welfare commitments."""

from collections.abc import Callable, Iterable
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from turvaverkko.core.indicators import indicator
from turvaverkko.preparedness.models import ActionItem

from .models import Attendance, Commitment, Meeting, Nomination, PartnershipTable

SOURCE = _("Turvaverkko partnership tables")


def _tables(codes: Iterable[str] | None) -> QuerySet[PartnershipTable]:
    """The tables of the municipalities `codes` (directly or through their county)."""
    qs = PartnershipTable.objects.all()
    if codes is not None:
        qs = qs.filter(
            Q(municipalities__code__in=codes) | Q(county__municipalities__code__in=codes)
        ).distinct()
    return qs


def _held(codes: Iterable[str] | None, start: datetime, end: datetime) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        table__in=_tables(codes),
        status=Meeting.Status.HELD,
        starts_at__gte=start,
        starts_at__lt=end,
    )


@indicator("partnership.meetings", label=_("Partnership table meetings held"), source=SOURCE,
           kind="partnership")  # fmt: skip
def meetings_held(codes: Iterable[str] | None, start: datetime, end: datetime) -> int:
    return _held(codes, start, end).count()


@indicator("partnership.attending_organisations",
           label=_("Organisations attending partnership table meetings"), source=SOURCE,
           kind="partnership")  # fmt: skip
def attending_organisations(codes: Iterable[str] | None, start: datetime, end: datetime) -> int:
    """Distinct organisations present at a table meeting held in the period."""
    qs = Attendance.objects.filter(meeting__in=_held(codes, start, end), present=True)
    return qs.values("organization").distinct().count()


def _actions(codes: Iterable[str] | None, end: datetime) -> QuerySet[ActionItem]:
    """Action items agreed at table meetings that started before `end`."""
    return ActionItem.objects.filter(
        agenda_item__meeting__table__in=_tables(codes), agenda_item__meeting__starts_at__lt=end
    ).distinct()


@indicator("partnership.open_actions", label=_("Open partnership table actions"),
           source=SOURCE, kind="partnership", higher_is_better=False)  # fmt: skip
def open_actions(codes: Iterable[str] | None, start: datetime, end: datetime) -> int:
    """Actions agreed by the end of the period and not closed by then."""
    qs = _actions(codes, end).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    return qs.count()


@indicator("partnership.closed_actions", label=_("Partnership table actions closed"),
           source=SOURCE, kind="partnership")  # fmt: skip
def closed_actions(codes: Iterable[str] | None, start: datetime, end: datetime) -> int:
    return _actions(codes, end).filter(closed_at__gte=start, closed_at__lt=end).count()


@indicator("partnership.nominations", label=_("Association representatives in official bodies"),
           source=SOURCE, kind="partnership")  # fmt: skip
def nominations(codes: Iterable[str] | None, start: datetime, end: datetime) -> int:
    """Nominations whose term overlaps the period."""
    first, last = timezone.localtime(start).date(), timezone.localtime(end).date()
    qs = Nomination.objects.filter(
        table__in=_tables(codes), term_start__lt=last, term_end__gte=first
    )
    return qs.count()


def _commitments(status: str) -> Callable[[Iterable[str] | None, datetime, datetime], int]:
    def compute(codes: Iterable[str] | None, start: datetime, end: datetime) -> int:
        """Commitments of welfare agreements in force in the period (their status today:
        a commitment's status has no history yet)."""
        first, last = timezone.localtime(start).date(), timezone.localtime(end).date()
        qs = Commitment.objects.filter(
            status=status, goal__welfare__agreement__valid_from__lt=last
        ).exclude(goal__welfare__agreement__valid_to__lt=first)
        if codes is not None:
            qs = qs.filter(goal__welfare__agreement__municipality__code__in=codes)
        return qs.count()

    return compute


for _status, _label in [
    (Commitment.Status.PLANNED, _("Welfare commitments planned")),
    (Commitment.Status.IN_PROGRESS, _("Welfare commitments in progress")),
    (Commitment.Status.DONE, _("Welfare commitments done")),
]:
    indicator(f"partnership.commitments_{_status}", label=_label, source=SOURCE,
              kind="welfare")(_commitments(_status))  # fmt: skip
