"""Where a place is when its editor gave no point: from its address, offline by default.

`locate(street_address, postal_code, city, municipality_code)` returns a `Located(latitude,
longitude, source)` or None:

1. the configured geocoder, if any (`DIRECTORY_GEOCODER`, off by default, in tests and in the
   demo): a dotted path to a callable taking the same keyword arguments and returning
   (latitude, longitude) or None. It runs inside the save, so it must answer quickly (give it
   a short timeout) and may fail: an exception or None falls through to the next step. A
   municipality can point it at its own address register; docs/operations.md shows an example;
2. the centre of the postal code area (reference data `areas.PostalCode`, offline);
3. the centre of the municipality (`areas.Municipality`).

`Site.save()` calls it for a place without a point (online places excepted) and records
where the point came from in `Site.location_source`; the editor shows that source and lets
the editor move the point (which makes it "given").
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from turvaverkko.areas.models import Municipality, PostalCode

log = logging.getLogger(__name__)

GIVEN = "given"
GEOCODER = "geocoder"
POSTAL_CODE = "postal_code"
MUNICIPALITY = "municipality"
NONE = "none"
DERIVED = (GEOCODER, POSTAL_CODE, MUNICIPALITY)


@dataclass(frozen=True)
class Located:
    latitude: float
    longitude: float
    source: str


def geocoder() -> Callable[..., tuple[float, float] | None] | None:
    path = getattr(settings, "DIRECTORY_GEOCODER", "") or ""
    return import_string(path) if path else None


def locate(
    *, street_address: str, postal_code: str, city: str, municipality_code: str | None
) -> Located | None:
    """A point for the address: the geocoder's, the postal area's, or the municipality's."""
    configured = geocoder()
    if configured is not None and street_address:
        try:
            point = configured(
                street_address=street_address,
                postal_code=postal_code,
                city=city,
                municipality_code=municipality_code,
            )
        except Exception:  # noqa: BLE001 - a geocoder failure must not stop the save
            log.warning("geocoder failed for %s %s", postal_code, city, exc_info=True)
            point = None
        if point is not None:
            return Located(point[0], point[1], GEOCODER)
    if postal_code:
        row = (
            PostalCode.objects.filter(code=postal_code)
            .values_list("latitude", "longitude", "municipality_id")
            .first()
        )
        if row is not None and row[0] is not None and row[1] is not None:
            return Located(row[0], row[1], POSTAL_CODE)
        if row is not None and not municipality_code:
            municipality_code = row[2]
    if municipality_code:
        centre = (
            Municipality.objects.filter(pk=municipality_code)
            .values_list("latitude", "longitude")
            .first()
        )
        if centre is not None:
            return Located(centre[0], centre[1], MUNICIPALITY)
    return None
