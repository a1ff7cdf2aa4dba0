"""Broader searches to offer when a search finds nothing.

"No results for “vertaistuki” in Huittinen; 3 in the neighbouring municipalities." Each
suggestion is a count and the query string of the broader search, counted on the same
in-memory index as the search itself (numpy masks, no extra database work but one query for
the neighbours of a municipality):

1. the neighbouring municipalities (centres within NEIGHBOUR_KM of this one's), linked as the
   same search nearest first from this municipality's first postal code;
2. the same words and place without the other filters (target group, language, type,
   low-threshold, open now);
3. the same words anywhere in Finland.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

import numpy as np

from turvaverkko.areas.models import Municipality, PostalCode

from .index import SiteIndex
from .search import SiteFilters

NEIGHBOUR_KM = 40


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "neighbours", "without_filters", "everywhere"
    count: int
    query: str  # the query string of the broader search


def neighbours(code: str) -> list[str]:
    """Codes of the municipalities whose centres lie within NEIGHBOUR_KM of `code`'s centre."""
    rows = list(Municipality.objects.values_list("code", "easting", "northing"))
    centre = next(((e, n) for c, e, n in rows if c == code), None)
    if centre is None:
        return []
    limit = (NEIGHBOUR_KM * 1000) ** 2
    return [
        c for c, e, n in rows if c != code and (e - centre[0]) ** 2 + (n - centre[1]) ** 2 <= limit
    ]


def broader(
    *,
    index: SiteIndex,
    q: str,
    municipality: str | None,
    postal_code: str | None,
    target_group: str | None,
    language: str | None,
    kind: str | None,
    low_threshold: bool | None,
    open_now: bool,
    now: datetime | None,
    **_ignored: object,
) -> tuple[str, list[Suggestion]]:
    """(the place searched, broader searches that find something), for an empty result."""
    suggestions: list[Suggestion] = []
    place_code = municipality
    if postal_code and not place_code:
        place_code = (
            PostalCode.objects.filter(code=postal_code)
            .values_list("municipality_id", flat=True)
            .first()
        )
    place_name = ""
    if place_code:
        municipality_row = Municipality.objects.filter(pk=place_code).first()
        place_name = municipality_row.name if municipality_row else ""
    filters = SiteFilters(
        q=q,
        target_group=target_group,
        language=language,
        kind=kind,
        low_threshold=low_threshold,
    )
    others = {
        "target_group": target_group,
        "language": language,
        "kind": kind,
        "low_threshold": "1" if low_threshold else None,
        "open_now": "1" if open_now else None,
    }
    if place_code:
        nearby = neighbours(place_code)
        selected = filters.mask(index, open_now=open_now, now=now)
        count = int((selected & np.isin(index.municipality, nearby)).sum()) if nearby else 0
        first_postcode = (
            PostalCode.objects.filter(municipality_id=place_code)
            .order_by("code")
            .values_list("code", flat=True)
            .first()
        )
        if count and first_postcode:
            params = {"q": q, "place": first_postcode, **others, "nearest": "1"}
            suggestions.append(Suggestion("neighbours", count, _query(params)))
    if any(others.values()):
        plain = SiteFilters(q=q, municipality=municipality, postal_code=postal_code)
        count = int(plain.mask(index).sum())
        if count:
            place = postal_code or (place_name if municipality else "")
            suggestions.append(
                Suggestion("without_filters", count, _query({"q": q, "place": place}))
            )
    if place_code and q:
        count = int(SiteFilters(q=q).mask(index).sum())
        if count:
            suggestions.append(Suggestion("everywhere", count, _query({"q": q})))
    return place_name, suggestions


def _query(params: dict) -> str:
    return urlencode([(k, v) for k, v in params.items() if v])
