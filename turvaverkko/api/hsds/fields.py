"""Reading single HSDS values into our types; each raises FieldError with a plain reason."""

import re
import uuid
from datetime import date, datetime, time, timedelta, timezone

import phonenumbers
from django.utils.text import slugify

from turvaverkko.core.constants import HELSINKI

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class FieldError(ValueError):
    pass


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise FieldError("expected text.")


def uuid_text(value) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise FieldError(f"{value!r} is not a UUID.") from None


def number(value, *, integer=False, low=None, high=None):
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise FieldError("expected a number.")
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise FieldError(f"{value!r} is not a number.") from None
    if result != result:  # NaN
        raise FieldError("expected a number.")
    if integer:
        if result != int(result):
            raise FieldError(f"{value!r} is not a whole number.")
        result = int(result)
    if low is not None and result < low or high is not None and result > high:
        raise FieldError(f"{value!r} is out of range ({low}–{high}).")
    return result


def iso_date(value) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise FieldError(f"{value!r} is not a date (YYYY-MM-DD).") from None


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    lowered = str(value or "").strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no", ""):
        return False
    raise FieldError(f"{value!r} is not true or false.")


def phone(value) -> tuple[str, bool]:
    """(number, normalised): E.164 when the number is valid, else the text as given."""
    raw = text(value).strip().strip('"').strip("'").strip()
    if not raw:
        return "", True
    try:
        parsed = phonenumbers.parse(raw, "FI")
        if phonenumbers.is_valid_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), True
    except phonenumbers.NumberParseException:
        pass
    if len(raw) > 20:
        raise FieldError(f"{raw!r} is not a phone number we can store (at most 20 characters).")
    return raw, False


def code_slug(value, fallback: str) -> str:
    slug = slugify(text(value))[:60] or slugify(fallback)[:60]
    return slug or "term"


_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$")


def local_time(value, on: date, utc_offset_hours=None) -> time | None:
    """An HSDS time ('09:00', '09:00:00Z', '09:00+03:00') as Europe/Helsinki wall time.

    A time with an offset (or with the schedule's numeric `timezone`) is converted at the
    date `on`; a time without either is read as local time (see docs/api.md).
    """
    if value in (None, ""):
        return None
    match = _TIME.match(str(value).strip())
    if not match:
        raise FieldError(f"{value!r} is not a time (HH:MM[:SS][offset]).")
    hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
    if hours == 24 and minutes == 0 and seconds == 0:
        return time(23, 59)
    if hours > 23 or minutes > 59 or seconds > 59:
        raise FieldError(f"{value!r} is not a time of day.")
    offset = None
    if match[4]:
        if match[4] in ("Z", "z"):
            offset = timedelta(0)
        else:
            sign = -1 if match[4][0] == "-" else 1
            digits = match[4][1:].replace(":", "")
            offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    elif utc_offset_hours is not None:
        offset = timedelta(hours=utc_offset_hours)
    wall = time(hours, minutes, seconds)
    if offset is None:
        return wall
    moment = datetime.combine(on, wall, timezone(offset))
    return moment.astimezone(HELSINKI).time().replace(tzinfo=None)


def weekdays(value) -> str:
    parts = [p.strip().upper() for p in text(value).split(",") if p.strip()]
    if not parts:
        raise FieldError("no weekdays.")
    unknown = [p for p in parts if p not in WEEKDAYS]
    if unknown:
        raise FieldError(
            f"{', '.join(unknown)}: only plain weekdays (MO…SU) of weekly rules are modelled."
        )
    return ",".join(dict.fromkeys(parts))
