"""The demo's data files: the top-level `demo/` folder of the repository (JSON and CSV).

Looked for, in order: TURVAVERKKO_DEMO_DIR (a copy, a variant), next to the package (the
repository checkout, which `make demo`'s editable install runs from), and `demo/` in the
current directory (a non-editable install run from the repository root).
"""

import csv
import json
import os
from datetime import date, timedelta
from functools import cache
from pathlib import Path


class DemoDataError(Exception):
    """A demo data file is missing or says something the application refuses (which file,
    which record and why)."""


def demo_dir() -> Path:
    configured = os.environ.get("TURVAVERKKO_DEMO_DIR")
    if configured:
        candidates = [Path(configured)]
    else:
        candidates = [Path(__file__).resolve().parents[3] / "demo", Path.cwd() / "demo"]
    for path in candidates:
        if (path / "organisations.csv").is_file():
            return path
    raise DemoDataError(
        f"The demo data folder is missing (looked in {', '.join(map(str, candidates))}; "
        "run from the repository root or set TURVAVERKKO_DEMO_DIR)."
    )


def read_json(name: str):
    return _read_json(demo_dir() / name)


@cache
def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DemoDataError(f"{path}: {exc}") from exc


def read_csv(name: str) -> tuple[dict, ...]:
    return _read_csv(demo_dir() / name)


@cache
def _read_csv(path: Path) -> tuple[dict, ...]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return tuple(csv.DictReader(f))
    except OSError as exc:
        raise DemoDataError(f"{path}: {exc}") from exc


def day(value: str, today: date) -> date | None:
    """'2026-01-31' as it is; '+14' or '-200' days from today; '' none."""
    if not value:
        return None
    if value[0] in "+-":
        return today + timedelta(days=int(value))
    return date.fromisoformat(value)
