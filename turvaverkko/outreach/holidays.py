"""Finnish public holidays (pyhäpäivät), computed: Easter from dateutil, the rest fixed rules.

No outreach visit is held on these days unless a coordinator moves one there by hand.
"""

from datetime import date, timedelta

from dateutil.easter import easter


def _weekday_between(year: int, month: int, first_day: int, weekday: int) -> date:
    """The `weekday` (0 = Monday) falling in the seven days from `month`/`first_day`."""
    start = date(year, month, first_day)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def finnish_public_holidays(year: int) -> dict[date, str]:
    e = easter(year)
    return {
        date(year, 1, 1): "Uudenvuodenpäivä",
        date(year, 1, 6): "Loppiainen",
        e - timedelta(days=2): "Pitkäperjantai",
        e: "Pääsiäispäivä",
        e + timedelta(days=1): "2. pääsiäispäivä",
        date(year, 5, 1): "Vappu",
        e + timedelta(days=39): "Helatorstai",
        e + timedelta(days=49): "Helluntaipäivä",
        _weekday_between(year, 6, 19, 4): "Juhannusaatto",
        _weekday_between(year, 6, 20, 5): "Juhannuspäivä",
        _weekday_between(year, 10, 31, 5): "Pyhäinpäivä",
        date(year, 12, 6): "Itsenäisyyspäivä",
        date(year, 12, 24): "Jouluaatto",
        date(year, 12, 25): "Joulupäivä",
        date(year, 12, 26): "Tapaninpäivä",
    }


def is_public_holiday(day: date) -> bool:
    return day in finnish_public_holidays(day.year)
