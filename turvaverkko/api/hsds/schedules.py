"""Reading one HSDS schedule row into an OpeningRule or OpeningException of ours.

Weekly rows ("MO,TH", every N weeks) and monthly rows on the nth weekday ("1TH": the first
Thursday) become rules; the rows we serve ourselves also say the rule's pattern
(`rule_pattern`: even or odd ISO weeks, which HSDS cannot say) and start their description
with the rule in words, which is left out again here (served_hours.py).

A schedule's description is one language, Finnish as every top-level text of an HSDS record
(mapping.Mapper._texts): the note is stored as `description_fi`, never through the
translated `description` (the import runs with English active, for its messages).
"""

import re
from datetime import date

from django.utils import translation

from turvaverkko.core.constants import CONTENT_LANGUAGES
from turvaverkko.directory import hours
from turvaverkko.directory import recurrence as rec

from . import fields as f
from .served_hours import NOTE_SEPARATOR

NTH_BYDAY = re.compile(r"^([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)$")


def _monthly_byday(value) -> tuple[str, int]:
    """("TH", 1) from "1TH"; the same nth for every day ("1MO,1TH")."""
    days, nths = [], set()
    # "'-1FR": our CSV export guards a leading "-" from spreadsheets (core/csvsafe.py).
    for part in f.text(value).upper().replace(" ", "").lstrip("'").split(","):
        match = NTH_BYDAY.match(part)
        if not match or int(match[1]) not in rec.NTHS:
            raise f.FieldError(f"{part}: only the 1st to 4th or the last weekday of a month.")
        nths.add(int(match[1]))
        days.append(match[2])
    if len(nths) != 1:
        raise f.FieldError("one monthly rule has one nth weekday (1TH,1MO, not 1TH,3TH).")
    return ",".join(dict.fromkeys(days)), nths.pop()


def _pattern(d: dict, freq: str, interval: int) -> tuple[str, str, int, int]:
    """(pattern, byday, nth, interval) of a rule row."""
    served = f.text(d.get("rule_pattern"))
    if freq == "MONTHLY":
        byday, nth = _monthly_byday(d.get("byday"))
        return rec.MONTHLY_NTH, byday, nth, 1
    byday = f.weekdays(d.get("byday"))
    if served in (rec.EVEN_WEEKS, rec.ODD_WEEKS):
        return served, byday, 1, 1
    return (rec.EVERY_2_WEEKS if interval == 2 else rec.WEEKLY), byday, 1, interval


def _without_rule_text(description: str, values: dict) -> str:
    """The rule's own note: the served description minus the rule in words (any language)."""
    rule = hours.Rule(**{k: values[k] for k in ("byday", "opens_at", "closes_at", "interval",
                                                 "pattern", "nth")})  # fmt: skip
    for language in CONTENT_LANGUAGES:
        with translation.override(language):
            text = hours.describe_rule(rule)
        if description == text:
            return ""
        if description.startswith(text + NOTE_SEPARATOR):
            return description[len(text + NOTE_SEPARATOR) :]
    return description


def schedule_values(row_data: dict, problems, source: str, today: date):
    """('rule' | 'exception' | None, values) of one HSDS schedule row."""
    d = row_data
    try:
        freq = f.text(d.get("freq") or "WEEKLY").upper()
        if freq not in ("WEEKLY", "MONTHLY"):
            problems.warn(
                "schedules other than WEEKLY or MONTHLY are not modelled and were not imported"
            )
            return None, {}
        valid_from, valid_to = f.iso_date(d.get("valid_from")), f.iso_date(d.get("valid_to"))
        valid_to = valid_to or f.iso_date(d.get("until"))
        start = f.iso_date(d.get("dtstart")) or valid_from or today
        tz = f.number(d.get("timezone"), low=-14, high=14)
        opens = f.local_time(d.get("opens_at"), start, tz)
        closes = f.local_time(d.get("closes_at"), start, tz)
        description = f.text(d.get("description"))
        notes = f.text(d.get("notes"))
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
            description = _joined(description, notes, problems, source)
            closed = f.boolean(d.get("closed")) or opens is None
            return "exception", {
                "date": valid_from or start,
                "closed": closed,
                "opens_at": None if closed else opens,
                "closes_at": None if closed else closes,
                "description_fi": description,
            }
        if opens is None or closes is None:
            problems.warn("schedules without opens_at and closes_at are not modelled")
            return None, {}
        if not d.get("byday") and freq == "WEEKLY" and valid_from and valid_from == valid_to:
            d = {**d, "byday": f.WEEKDAYS[valid_from.weekday()]}
        if not d.get("byday"):
            problems.warn("schedules without byday are not modelled and were not imported")
            return None, {}
        interval = f.number(d.get("interval"), integer=True, low=1, high=52) or 1
        pattern, byday, nth, interval = _pattern(d, freq, interval)
        if f.text(d.get("opening_rule_id")):
            # One segment of a rule we served split at clock changes (served_hours.py): the
            # rule's own dates are in the extensions; the importer joins the segments.
            valid_from = f.iso_date(d.get("rule_valid_from"))
            valid_to = f.iso_date(d.get("rule_valid_to"))
        values = {"byday": byday, "opens_at": opens, "closes_at": closes,
                  "interval": interval, "pattern": pattern, "nth": nth}  # fmt: skip
        description = _joined(_without_rule_text(description, values), notes, problems, source)
    except f.FieldError as exc:
        problems.errors.append(f"{source}: schedule: {exc}")
        return None, {}
    if pattern == rec.WEEKLY:
        # Left to the model's defaults, as before patterns existed.
        del values["pattern"], values["nth"]
    return "rule", {**values, "valid_from": valid_from, "valid_to": valid_to,
                    "description_fi": description}  # fmt: skip


def _joined(description: str, notes: str, problems, source: str) -> str:
    if notes and len(description) + len(notes) + 2 <= 200:
        description = f"{description}\n\n{notes}".strip()
    elif notes:
        problems.warn("schedule.notes did not fit beside the description; not imported")
    if len(description) > 200:
        raise f.FieldError("description: longer than 200 characters.")
    return description
