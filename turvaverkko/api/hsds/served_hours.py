"""Opening rules and exceptions of sites and services as HSDS schedule rows.

The rows are written by the directory's one schedule writer (directory/served_schedules.py,
which outreach visit series use too): each rule as date-bounded segments, one per stretch
between two clock changes with the offset in force in it, from the clock period containing
`today` to about two years ahead (or the rule's own `valid_to`). Dated exceptions cut the
segments; an exception is a row of its own (closed, or that day's hours).

Each segment carries the extensions `opening_rule_id` (the same for every segment of one
rule), `rule_valid_from`/`rule_valid_to` (the rule's own dates) and, for even or odd ISO weeks
and the nth weekday of the month, `rule_pattern`, so that our importer joins the segments
back into the one rule (docs/api.md). `description` says the rule in words ("1. torstai
kuukaudessa 10.00–12.00") followed by the rule's own note.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from turvaverkko.directory import hours
from turvaverkko.directory import recurrence as rec
from turvaverkko.directory import served_schedules as served

from . import spec

# Old names, for the readers of this module.
offset_on = served.offset_on
offset_text = served.offset_text
NOTE_SEPARATOR = " – "


def rule_rows(rule, owners: dict, today: date, exception_dates: Iterable[date] = ()) -> list[dict]:
    """HSDS schedule rows of one opening rule (see the module docstring)."""
    recurrence = hours.recurrence_of(rule)
    if recurrence is None:
        return []
    start, end = served.window(today, rule.valid_from, rule.valid_to)
    fields: dict = {**owners, "opening_rule_id": spec.derived_id("schedule", rule.pk)}
    if rule.valid_from:
        fields["rule_valid_from"] = rule.valid_from.isoformat()
    if rule.valid_to:
        fields["rule_valid_to"] = rule.valid_to.isoformat()
    if recurrence.pattern in (rec.EVEN_WEEKS, rec.ODD_WEEKS, rec.MONTHLY_NTH):
        fields["rule_pattern"] = recurrence.pattern
    text = hours.describe_rule(rule)
    fields["description"] = (
        f"{text}{NOTE_SEPARATOR}{rule.description}" if rule.description else text
    )
    return served.schedule_rows(
        recurrence,
        rule.opens_at,
        rule.closes_at,
        start=start,
        end=end,
        cuts=exception_dates,
        row_id=lambda first: spec.derived_id("schedule", rule.pk, first.isoformat()),
        **fields,
    )


def exception_row(exception, location_id) -> dict:
    """A dated exception: closed (no times) or that day's own hours."""
    closed = exception.closed or not (exception.opens_at and exception.closes_at)
    row = served.day_row(
        exception.date,
        None if closed else exception.opens_at,
        None if closed else exception.closes_at,
        row_id=spec.derived_id("exception", exception.pk),
        location_id=str(location_id),
        # Extensions: this row is a dated exception to the weekly rules.
        opening_exception=True,
        closed=exception.closed,
    )
    if exception.description:
        row["description"] = exception.description
    return row
