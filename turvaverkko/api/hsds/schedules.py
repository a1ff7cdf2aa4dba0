"""Reading one HSDS schedule row into an OpeningRule or OpeningException of ours."""

from datetime import date

from . import fields as f


def schedule_values(row_data: dict, problems, source: str, today: date):
    """('rule' | 'exception' | None, values) of one HSDS schedule row."""
    d = row_data
    try:
        if f.text(d.get("freq") or "WEEKLY").upper() != "WEEKLY":
            problems.warn("schedules other than WEEKLY are not modelled and were not imported")
            return None, {}
        valid_from, valid_to = f.iso_date(d.get("valid_from")), f.iso_date(d.get("valid_to"))
        valid_to = valid_to or f.iso_date(d.get("until"))
        start = f.iso_date(d.get("dtstart")) or valid_from or today
        tz = f.number(d.get("timezone"), low=-14, high=14)
        opens = f.local_time(d.get("opens_at"), start, tz)
        closes = f.local_time(d.get("closes_at"), start, tz)
        description = f.text(d.get("description"))
        notes = f.text(d.get("notes"))
        if notes and len(description) + len(notes) + 2 <= 200:
            description = f"{description}\n\n{notes}".strip()
        elif notes:
            problems.warn("schedule.notes did not fit beside the description; not imported")
        if len(description) > 200:
            problems.errors.append(f"{source}: description: longer than 200 characters.")
        for name in (
            "count",
            "byweekno",
            "bymonthday",
            "byyearday",
            "schedule_link",
            "attending_type",
        ):
            if d.get(name) not in (None, ""):
                problems.warn(f"schedule.{name} is not modelled and was not imported")
        if f.boolean(d.get("opening_exception")) or f.boolean(d.get("closed")):
            closed = f.boolean(d.get("closed")) or opens is None
            return "exception", {
                "date": valid_from or start,
                "closed": closed,
                "opens_at": None if closed else opens,
                "closes_at": None if closed else closes,
                "description": description,
            }
        if opens is None or closes is None:
            problems.warn("schedules without opens_at and closes_at are not modelled")
            return None, {}
        byday = f.weekdays(d.get("byday")) if d.get("byday") else None
        if byday is None and valid_from and valid_from == valid_to:
            byday = f.WEEKDAYS[valid_from.weekday()]
        if byday is None:
            problems.warn("schedules without byday are not modelled and were not imported")
            return None, {}
        interval = f.number(d.get("interval"), integer=True, low=1, high=52) or 1
        if f.text(d.get("opening_rule_id")):
            # One segment of a rule we served split at clock changes (served_hours.py): the
            # rule's own dates are in the extensions; the importer joins the segments.
            valid_from = f.iso_date(d.get("rule_valid_from"))
            valid_to = f.iso_date(d.get("rule_valid_to"))
    except f.FieldError as exc:
        problems.errors.append(f"{source}: schedule: {exc}")
        return None, {}
    return "rule", {
        "byday": byday,
        "opens_at": opens,
        "closes_at": closes,
        "interval": interval,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "description": description,
    }
