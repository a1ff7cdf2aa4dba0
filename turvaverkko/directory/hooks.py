"""Extensions of the search results by apps above directory (which directory cannot import).

An app registers an annotator in its AppConfig.ready(); the search page calls every annotator
with the page's hits (20 at most) before rendering, so one query per annotator and page.
outreach uses it to show "Next visit" on its stops (see docs/outreach.md).
"""

from collections.abc import Callable
from typing import Any

HitAnnotator = Callable[[list[Any]], None]
_ANNOTATORS: list[HitAnnotator] = []


def register_hit_annotator(fn: HitAnnotator) -> HitAnnotator:
    if fn not in _ANNOTATORS:
        _ANNOTATORS.append(fn)
    return fn


def annotate_hits(hits: list[Any]) -> None:
    for fn in _ANNOTATORS:
        fn(hits)
