"""What the staged importer (base.py) says about each row and field: the declared fields and
managed lists, a row's result (errors, warnings, duplicate, decision) and the summary of the
errors of a file. The names are importable from base.py as before."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


class ImportRefused(Exception):
    """The commit was refused; `errors` lists why, row by row."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


class Decision:
    """What happens to a row."""

    CREATE = "create"
    UPDATE = "update"  # overwrite the existing object with the row's filled cells
    MERGE = "merge"  # a possible duplicate is the same thing after all: update it
    SKIP = "skip"
    ALL = (CREATE, UPDATE, MERGE, SKIP)


# The value mapping of an unknown managed-list value.
DROP = "drop"
CREATE_TERM = "create"


@dataclass(frozen=True)
class ImportField:
    """A field rows can fill; `synonyms` are header names (fi/sv/en) that map to it."""

    name: str
    label: Any
    synonyms: tuple[str, ...] = ()
    required: bool = False
    help_text: Any = ""


@dataclass(frozen=True)
class ManagedList:
    """A field whose values must be terms of a managed list (target groups, themes...).

    `terms()` returns {casefolded name or code: (id, label)}; an unknown value waits for the
    user's value mapping: an existing term, a new term (if `can_create(user)`), or dropped.
    """

    field: str
    terms: Callable[[], dict[str, tuple[str, str]]]
    create: Callable[[str], str] | None = None
    can_create: Callable[[Any], bool] = lambda user: False
    separators: str = r"[;\n]+"


@dataclass
class Duplicate:
    """What a row duplicates: an existing object or an earlier row of the same file.

    `possible` marks a near match (a similar name): the user says whether it is the same.
    """

    reason: str
    existing: object = None
    row: int | None = None
    can_update: bool = True
    possible: bool = False

    @property
    def label(self) -> str:
        if self.existing is not None:
            return str(self.existing)
        return _("row %(row)s of this file") % {"row": self.row}


@dataclass
class RowResult:
    number: int  # as the spreadsheet shows it: the header is row 1
    data_row: int = 0  # the how-many-th data row (1 = the first row under the header)
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicate: Duplicate | None = None
    decision: str = Decision.CREATE
    outside: bool = False  # outside the user's area: skipped when the user decides so
    unmapped: list[tuple[str, str]] = field(default_factory=list)  # (field, value)

    def error(self, message: str, cause: str | None = None) -> None:
        """Record a problem; `cause` groups the same problem of many rows in the summary."""
        self.errors.append(_("row %(row)s: %(message)s") % {"row": self.number, "message": message})
        self.causes.append(cause or message)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    @property
    def choices(self) -> tuple[str, ...]:
        """The decisions the user may take for this row."""
        if self.duplicate is None:
            return ()
        update = (Decision.UPDATE,) if self.duplicate.can_update else ()
        if self.duplicate.possible:
            merge = (Decision.MERGE,) if self.duplicate.can_update else ()
            return (Decision.CREATE, *merge, Decision.SKIP)
        return (Decision.SKIP, *update)


def normalise_header(text: str) -> str:
    """'Yhdistyksen nimi *' → 'yhdistyksen nimi'; compares headers loosely."""
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def did_you_mean(value: str, names: Iterable[str]) -> str | None:
    """The known name closest to a misspelt one ('Huitinen' → 'Huittinen'), or None."""
    by_key = {n.casefold(): n for n in names}
    match = difflib.get_close_matches(value.casefold(), list(by_key), n=1, cutoff=0.75)
    return by_key[match[0]] if match else None


def error_summary(results: list[RowResult]) -> list[dict[str, Any]]:
    """Errors counted per real cause: [{"cause": ..., "rows": [2, 5]}], most rows first."""
    causes: OrderedDict[str, list[int]] = OrderedDict()
    for r in results:
        for cause in dict.fromkeys(r.causes):
            causes.setdefault(cause, []).append(r.number)
    return sorted(
        ({"cause": c, "rows": rows} for c, rows in causes.items()), key=lambda c: -len(c["rows"])
    )
