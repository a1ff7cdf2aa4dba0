"""Names for places on the grid: the nearest postal area ("Vampula, 32610 Huittinen").

A gap or a suggested site is easier to act on as "Vampula" than as a pair of coordinates. The
reference data's postal areas carry a point each; those whose point is only their
municipality's centre (Posti gives no better one) would all crowd into the town centre and
take its name, so a postal area counts only where its point is its own, or where it is named
like its municipality (the centre itself). PO box codes sharing a name and point with a
street-address code count once.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from pyproj import Transformer
from scipy.spatial import cKDTree


@dataclass(frozen=True)
class PostalArea:
    code: str
    name_fi: str
    name_sv: str
    municipality_code: str
    municipality_fi: str
    municipality_sv: str

    def label(self, language: str) -> str:
        """ "Vampula (32610 Huittinen)"; in Swedish the Swedish names where they differ."""
        name = self.name_sv if language == "sv" and self.name_sv else self.name_fi
        town = self.municipality_sv if language == "sv" else self.municipality_fi
        if name.casefold() == town.casefold():
            return f"{name} ({self.code})"
        return f"{name} ({self.code} {town})"


@dataclass(frozen=True)
class PostalAreas:
    areas: tuple[PostalArea, ...]
    tree: cKDTree | None

    def nearest(self, xy: np.ndarray) -> np.ndarray:
        """Index of the nearest postal area of each EPSG:3067 point; -1 when there are none."""
        xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
        if self.tree is None or len(xy) == 0:
            return np.full(len(xy), -1, dtype=np.int64)
        _distance, index = self.tree.query(xy)
        return np.asarray(index, dtype=np.int64)


def _title(name: str) -> str:
    return name.title() if name.isupper() else name


def postal_areas() -> PostalAreas:
    from turvaverkko.areas.models import PostalCode

    rows = PostalCode.objects.filter(latitude__isnull=False, longitude__isnull=False)
    count = rows.count()
    return _postal_areas(count)


@lru_cache(maxsize=2)
def _postal_areas(_count: int) -> PostalAreas:
    """Cached per number of postal codes with a point (reference data is loaded as a whole)."""
    from turvaverkko.areas.models import PostalCode

    seen: set[tuple[str, float, float]] = set()
    areas, points = [], []
    rows = (
        PostalCode.objects.filter(latitude__isnull=False, longitude__isnull=False)
        .select_related("municipality")
        .order_by("code")
    )
    for pc in rows:
        town = pc.municipality
        at_centre = (round(pc.latitude, 4), round(pc.longitude, 4)) == (
            round(town.latitude, 4), round(town.longitude, 4),
        )  # fmt: skip
        if at_centre and pc.name_fi.casefold() != town.name_fi.casefold():
            continue
        key = (pc.name_fi.casefold(), round(pc.latitude, 4), round(pc.longitude, 4))
        if key in seen:
            continue
        seen.add(key)
        areas.append(PostalArea(
            pc.code, _title(pc.name_fi), _title(pc.name_sv), town.code, town.name_fi,
            town.name_sv or town.name_fi,
        ))  # fmt: skip
        points.append((pc.longitude, pc.latitude))
    if not points:
        return PostalAreas((), None)
    lon, lat = np.array(points).T
    x, y = _to_tm35fin().transform(lon, lat)
    return PostalAreas(tuple(areas), cKDTree(np.column_stack([x, y])))


@lru_cache(maxsize=1)
def _to_tm35fin():
    return Transformer.from_crs(4326, 3067, always_xy=True)
