"""The reply grammar of alert text messages: "K 123", "EI 123", "M 123 30", in fi/sv/en.

A reply is a word, the activation's reply code and, for "late", the minutes of delay.
The word may be written in full or as its first letter; case and diacritics do not matter.
"""

import re
import unicodedata
from dataclasses import dataclass

YES = {"K", "KYLLA", "J", "JA", "Y", "YES"}
NO = {"E", "EI", "N", "NEJ", "NO"}
LATE = {"M", "MYOHASSA", "MYOHAS", "S", "SEN", "SENT", "L", "LATE"}

_PATTERN = re.compile(r"^\s*([A-Z]+)[\s.,:;-]*(\d{1,7})(?:[\s.,:;-]+(\d{1,3}))?\s*(?:MIN\w*)?\s*$")


@dataclass(frozen=True)
class Parsed:
    answer: str  # "yes", "no", "late" or "" when unclear
    code: int | None
    eta_minutes: int | None = None

    @property
    def is_unclear(self) -> bool:
        return not self.answer


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.upper())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse(text: str) -> Parsed:
    """Parse a text message; an unclear one keeps the code when one can be found."""
    plain = _plain(text or "")
    match = _PATTERN.match(plain)
    if not match:
        code = re.search(r"\b(\d{3,7})\b", plain)
        return Parsed("", int(code.group(1)) if code else None)
    word, code, minutes = match.group(1), int(match.group(2)), match.group(3)
    if word in YES and minutes is None:
        return Parsed("yes", code)
    if word in NO and minutes is None:
        return Parsed("no", code)
    if word in LATE and minutes is not None:
        return Parsed("late", code, int(minutes))
    return Parsed("", code)


# A reply without the code ("K", "ei", "M 30", "late 30 min"): counts only when the sender
# has exactly one live activation (replies/recording.py). Minutes have at most 3 digits,
# so a number here is never a reply code (codes have 7).
_BARE = re.compile(r"^\s*([A-Z]+)(?:[\s.,:;-]*(\d{1,3}))?\s*(?:MIN\w*)?[\s.!]*$")


def parse_bare(text: str) -> Parsed | None:
    """The answer of a reply without a code, or None when it is not one."""
    match = _BARE.match(_plain(text or ""))
    if not match:
        return None
    word, minutes = match.group(1), match.group(2)
    if word in YES and minutes is None:
        return Parsed("yes", None)
    if word in NO and minutes is None:
        return Parsed("no", None)
    if word in LATE and minutes is not None:
        return Parsed("late", None, int(minutes))
    return None


# Keywords a volunteer may text at any time (replies/keywords.py).
KEYWORDS = {
    "STOP": "stop",
    "SEIS": "stop",
    "STOPP": "stop",
    "START": "start",
    "ALOITA": "start",
    "INFO": "info",
}


def keyword(text: str) -> str | None:
    """ "stop", "start" or "info" for a keyword message, None otherwise."""
    return KEYWORDS.get(_plain(text or "").strip(" .!"))
