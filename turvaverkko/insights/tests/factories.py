"""Small hand-made grids and files whose coverage answers are known exactly."""

import numpy as np

from turvaverkko.insights.population import SUPPRESSED, Grid

# Lower-left corners of 1 km cells in Huittinen's neighbourhood (EPSG:3067).
X0, Y0 = 260_000, 6_785_000


def three_cell_grid(municipality=102) -> Grid:
    """A: 100 residents with the site in its centre; B: 200 residents 3 km east of A;
    C: 5 residents 12 km north of A, age groups suppressed (-1)."""
    return Grid(
        resolution=1000,
        x=np.array([X0, X0 + 3000, X0], dtype=np.int32),
        y=np.array([Y0, Y0, Y0 + 12_000], dtype=np.int32),
        municipality=np.array([municipality] * 3, dtype=np.uint16),
        population=np.array([100, 200, 5], dtype=np.int32),
        men=np.array([50, 100, SUPPRESSED], dtype=np.int32),
        women=np.array([50, 100, SUPPRESSED], dtype=np.int32),
        age_0_14=np.array([20, 50, SUPPRESSED], dtype=np.int32),
        age_15_64=np.array([60, 100, SUPPRESSED], dtype=np.int32),
        age_65=np.array([20, 50, SUPPRESSED], dtype=np.int32),
    )


def centre_of(grid: Grid, i: int) -> tuple[float, float]:
    return float(grid.x[i] + grid.resolution / 2), float(grid.y[i] + grid.resolution / 2)


CSV_HEADER = "grd_id,id_nro,xkoord,ykoord,kunta,vaesto,miehet,naiset,ika_0_14,ika_15_64,ika_65_"


def csv_row(x, y, kunta, total, men, women, a0, a15, a65, number=1, grd_id=None):
    grd_id = grd_id if grd_id is not None else f"1kmN{y // 1000}E{x // 1000}"
    return f"{grd_id},{number},{x},{y},{kunta},{total},{men},{women},{a0},{a15},{a65}"
