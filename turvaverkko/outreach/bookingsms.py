"""The SMS of a booking's confirmation and reminder: one message (notify's one-segment limit,
`compose_sms`) that keeps every word and the cancel link whole.

The SMS carries the short cancel link (`actions.short_cancel_link`, /hooks/b/<token>). The
e-mail copy says everything (date with the year, stop, how, programme); the SMS says the
day and time, the stop and how, and the link. When that is too long for one SMS (a long
stop name, a long address), it first leaves out the "Cancel:" label, then the stop (the
cancel page shows it), rather than cutting words ("(per... http://…", the demo walkthrough).
The mode is left out at the stop itself: the stop says it."""

from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from turvaverkko.notify.sms.text import GSM7_SINGLE_LIMIT, compose_sms

from .models import HELSINKI, Booking


def sms_when(moment: datetime) -> str:
    """ "12.3. 14.00": the day and the time without the year (the e-mail has the year)."""
    local = timezone.localtime(moment, HELSINKI)
    return f"{local.day}.{local.month}. {local:%H.%M}"


def _candidates(booking: Booking, reminder: bool) -> list[str]:
    site = booking.visit.series.site.name
    mode = booking.get_mode_display()
    at_stop = booking.mode == Booking.Mode.AT_STOP
    full = site if at_stop else f"{site} ({mode})"
    when = sms_when(booking.starts_at)
    cancel = _("Cancel:")  # not inside the f-string below: xgettext would not find it there
    out = []
    for place, label in ((full, True), (full, False), (mode, True), (mode, False)):
        if reminder:
            text = _("Reminder: %(when)s, %(place)s.") % {"when": when, "place": place}
        else:
            text = _("Booked %(when)s, %(place)s.") % {"when": when, "place": place}
        out.append(f"{text} {cancel}" if label else text)
    return out


UNLIMITED = 10_000


def booking_sms(booking: Booking, link: str, *, reminder: bool = False) -> str:
    """The SMS in the booking's language: the first wording that fits one SMS whole with the
    link. If none does (text GSM-7 cannot spell goes as UCS-2, 70 characters, shorter than
    the link itself), the shortest wording whole, sent in parts: never a cut link."""
    with translation.override(booking.language):
        candidates = _candidates(booking, reminder)
    for text in candidates:
        whole = compose_sms("", text, link, limit=UNLIMITED, ucs2_limit=UNLIMITED)
        try:
            if compose_sms("", text, link, limit=GSM7_SINGLE_LIMIT) == whole:
                return whole
        except ValueError:  # the link alone does not fit (UCS-2)
            break
    return compose_sms("", candidates[-1], link, limit=UNLIMITED, ucs2_limit=UNLIMITED)
