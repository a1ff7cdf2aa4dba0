"""Map data: the search's sites as GeoJSON, clustered on the server per zoom level.

Its own serialiser, separate from the list and the HSDS API (style.md: map data has its own
serializer). Sites that share a 64-pixel cell of the Web Mercator grid at the requested zoom
become one cluster feature with a count and the bounding box of its members, so the browser
draws at most a few hundred markers however many sites match. From CLUSTER_UNTIL_ZOOM on every
site is its own feature.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
from django.urls import reverse

from .index import current_index
from .models import Site
from .search import SiteFilters, localized_with_lang

CELL_PX = 64
CLUSTER_UNTIL_ZOOM = 15
MAX_SINGLES = 500


def parse_bbox(value: str) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) from "w,s,e,n" in degrees, or None if it is not one."""
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except (AttributeError, ValueError):
        return None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        return None
    return west, south, east, north


def _pixels(lat: np.ndarray, lon: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixel coordinates at `zoom` (256-pixel tiles), as Leaflet draws them."""
    scale = 256 * 2**zoom
    x = (lon + 180.0) / 360.0 * scale
    sin = np.sin(np.radians(np.clip(lat, -85.0, 85.0)))
    y = (0.5 - np.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * scale
    return x, y


def site_features(
    filters: SiteFilters, *, bbox, zoom: int, open_now=False, now=None, lang="fi", index=None
) -> dict:
    """A GeoJSON FeatureCollection of clusters and single sites inside `bbox`."""
    index = index or current_index()
    west, south, east, north = bbox
    lat, lon = index.latitude, index.longitude
    with np.errstate(invalid="ignore"):  # NaN (no coordinates) compares as outside
        inside = (lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)
    positions = (filters.mask(index, open_now=open_now, now=now) & inside).nonzero()[0]
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    if zoom >= CLUSTER_UNTIL_ZOOM and len(positions) <= MAX_SINGLES:
        for position in positions.tolist():
            groups[(position, 0)].append(position)
    elif len(positions):
        x, y = _pixels(lat[positions], lon[positions], zoom)
        columns = (x // CELL_PX).astype(int).tolist()
        cells = zip(columns, (y // CELL_PX).astype(int).tolist(), strict=True)
        for position, cell in zip(positions.tolist(), cells, strict=True):
            groups[cell].append(position)
    singles = [members[0] for members in groups.values() if len(members) == 1]
    names = _names([index.ids[i] for i in singles], lang)
    features = []
    for members in groups.values():
        if len(members) == 1:
            pk = index.ids[members[0]]
            properties = names.get(pk, {}) | {"id": str(pk)}
            features.append(_point(lat[members[0]], lon[members[0]], properties))
            continue
        lats, lons = lat[members], lon[members]
        properties = {
            "cluster": True,
            "count": len(members),
            "bbox": [float(lons.min()), float(lats.min()), float(lons.max()), float(lats.max())],
        }
        features.append(_point(lats.mean(), lons.mean(), properties))
    return {"type": "FeatureCollection", "features": features, "total": int(len(positions))}


def _point(latitude: float, longitude: float, properties: dict) -> dict:
    return {
        "type": "Feature",
        "geometry": {
            "type": "Point",
            "coordinates": [round(float(longitude), 6), round(float(latitude), 6)],
        },
        "properties": properties,
    }


def _names(ids: list, lang: str) -> dict:
    out = {}
    rows = (
        Site.objects.order_by()
        .filter(pk__in=ids)
        .values("id", "kind", "name_fi", "name_sv", "name_en")
    )
    for row in rows:
        name, name_lang = localized_with_lang(row, "name", lang)
        out[row["id"]] = {
            "name": name,
            "lang": name_lang,  # a fallback name's language code, else "" (WCAG 3.1.2)
            "kind": str(Site.Kind(row["kind"]).label) if row["kind"] in Site.Kind else "",
            "url": reverse("directory:site_detail", kwargs={"pk": row["id"]}),
        }
    return out


def extent(filters: SiteFilters, *, index=None) -> list[float] | None:
    """[west, south, east, north] of the matching sites, for the map's first view."""
    index = index or current_index()
    positions = filters.mask(index).nonzero()[0]
    positions = positions[~np.isnan(index.latitude[positions])]
    if not len(positions):
        return None
    lat, lon = index.latitude[positions], index.longitude[positions]
    return [float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())]
