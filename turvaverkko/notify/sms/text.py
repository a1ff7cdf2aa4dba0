"""SMS text: keep messages in GSM-7 where possible and within one SMS.

A single character outside the GSM 03.38 alphabet makes the whole message UCS-2, which fits
70 characters instead of 160 and so costs two or three times as much. Typographic quotes and
dashes, non-breaking spaces and letters such as š, ž or á (GSM-7 has ä ö å Ä Ö Å é É ü Ü but
not these) are mapped to their plain GSM-7 look-alikes. Text that still needs characters
GSM-7 cannot show (Cyrillic, Arabic, emoji…) is left as written and counted as UCS-2.
"""

import unicodedata

# GSM 03.38 basic alphabet (one septet each); ESC (0x1B) is left out.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each takes two septets (ESC + character).
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE_LIMIT = 160
GSM7_PART = 153  # per part of a concatenated message
UCS2_SINGLE_LIMIT = 70
UCS2_PART = 67

_LOOKALIKES = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",  # zero-width space
    "\u00ad": "",  # soft hyphen
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2033": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
    "\u2022": "*",
    "\u00b7": "*",
    "\t": " ",
    "\u00d7": "x",
    "\u2192": "->",
    "\u00b0": "",  # "-30 °C" -> "-30 C"
    "\u0111": "d",  # Sámi đ
    "\u0110": "D",
    "\u014b": "n",  # Sámi ŋ
    "\u014a": "N",
    "\u0167": "t",  # Sámi ŧ
    "\u0166": "T",
    "\u00f0": "d",
    "\u00d0": "D",
    "\u00fe": "th",
    "\u00de": "Th",
    "\u0142": "l",
    "\u0141": "L",
}


def _gsm7_char(ch: str) -> str | None:
    """A GSM-7 spelling of one character, or None if it has none."""
    if ch in GSM7_BASIC or ch in GSM7_EXTENDED:
        return ch
    if ch in _LOOKALIKES:
        return _LOOKALIKES[ch]
    # Letters with diacritics GSM-7 lacks (š, ž, á, č, õ, ...) lose the diacritic.
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    if base and base != ch and all(c in GSM7_BASIC for c in base):
        return base
    return None


def to_gsm7(text: str) -> str | None:
    """The text spelled in GSM-7 only, or None if that would lose characters that matter."""
    out = []
    for ch in text:
        mapped = _gsm7_char(ch)
        if mapped is None:
            return None
        out.append(mapped)
    return "".join(out)


def normalize(text: str) -> str:
    """GSM-7 look-alikes where the whole text can be GSM-7; otherwise the text unchanged."""
    gsm = to_gsm7(text)
    return text if gsm is None else gsm


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


def units(text: str) -> int:
    """Length in the message's own units: septets for GSM-7, UTF-16 code units for UCS-2."""
    return _size(text, is_gsm7(text))


def info(text: str) -> tuple[str, int, int]:
    """(encoding, units, number of SMS parts) of a text as it will be sent."""
    n = units(text)
    if is_gsm7(text):
        parts = 1 if n <= GSM7_SINGLE_LIMIT else -(-n // GSM7_PART)
        return "gsm7", n, parts
    parts = 1 if n <= UCS2_SINGLE_LIMIT else -(-n // UCS2_PART)
    return "ucs2", n, parts


def _size(text: str, gsm: bool) -> int:
    if gsm:
        return sum(2 if ch in GSM7_EXTENDED else 1 for ch in text)
    return len(text.encode("utf-16-le")) // 2


def _fit(body: str, room: int, gsm: bool, ellipsis: str) -> str:
    """The longest start of body (cut at a word where sensible) that fits `room` units."""
    if _size(body, gsm) <= room:
        return body
    room -= _size(ellipsis, gsm)
    if room <= 0:
        return ""
    cut = []
    used = 0
    for ch in body:
        w = _size(ch, gsm)
        if used + w > room:
            break
        cut.append(ch)
        used += w
    text = "".join(cut)
    space = text.rfind(" ")
    if space >= len(text) - 15 and space > 0:  # a word boundary close to the end
        text = text[:space]
    return text.rstrip() + ellipsis


def compose_sms(
    prefix: str, body: str, suffix: str, limit: int = GSM7_SINGLE_LIMIT, ucs2_limit: int = 70
) -> str:
    """prefix + body + suffix, joined by spaces, within one SMS.

    Only the free text (body) is shortened, never the prefix (e.g. "HARJOITUS") or the
    suffix (the reply code and link). `limit` is in GSM-7 septets; if the text cannot be
    GSM-7 it is sent as UCS-2 and must fit `ucs2_limit` UTF-16 units.
    Raises ValueError if prefix and suffix alone do not fit.
    """
    parts = [p.strip() for p in (prefix, body, suffix)]
    gsm_parts = [to_gsm7(p) for p in parts]
    gsm = all(p is not None for p in gsm_parts)
    if gsm:
        parts = gsm_parts  # type: ignore[assignment]
    room_total = limit if gsm else ucs2_limit
    pre, text, suf = parts
    fixed = " ".join(p for p in (pre, suf) if p)
    fixed_size = _size(fixed, gsm)
    separators = sum(1 for p in (pre, suf) if p)  # a space between body and each fixed part
    room = room_total - fixed_size - (separators if text else 0)
    if fixed_size > room_total or (text and room < 0):
        raise ValueError("the prefix and suffix alone do not fit in one SMS")
    text = _fit(text, room, gsm, "..." if gsm else "…")
    return " ".join(p for p in (pre, text, suf) if p)
