"""Tabs (the template web/_tabs.html; here in core so that every app can build them): a
labelled navigation of links, one per section of a page or one per page of a group, the
current one marked `aria-current`. They work without JavaScript
(links and anchors, the browser's back button); web/tabs.js marks the section a link
leads to as current when the reader follows it on the same page."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Tab:
    href: str  # "#log" for a section of this page, or a URL of another page
    label: str
    current: bool = False
    count: int | None = None  # shown after the label, e.g. the number of entries
    key: str = ""  # for tests and styles (data-tab)


def section_tabs(sections: Iterable[Sequence[Any]], current: str = "") -> list[Tab]:
    """Tabs for the sections of one page: (anchor id, label[, count]) in order; `current`
    (an anchor id, e.g. from the page's own query) is marked current."""
    out = []
    for section in sections:
        anchor, label, *rest = section
        count = rest[0] if rest else None
        out.append(Tab(f"#{anchor}", str(label), anchor == current, count, str(anchor)))
    return out
