"""Coordinate transformations between WGS84 and ETRS-TM35FIN (EPSG:3067)."""

from functools import lru_cache

from pyproj import Transformer


@lru_cache(maxsize=1)
def _to_tm35():
    return Transformer.from_crs(4326, 3067, always_xy=True)


@lru_cache(maxsize=1)
def _to_wgs84():
    return Transformer.from_crs(3067, 4326, always_xy=True)


def to_tm35fin(latitude: float, longitude: float) -> tuple[float, float]:
    """Return (easting, northing) in metres."""
    easting, northing = _to_tm35().transform(longitude, latitude)
    return easting, northing


def to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """Return (latitude, longitude)."""
    longitude, latitude = _to_wgs84().transform(easting, northing)
    return latitude, longitude
