"""A coverage result (analysis.run_query's JSON) shaped for the templates.

Dictionaries of a stored result are read by key, never by position: PostgreSQL's jsonb does
not keep the order of keys.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .charts import distance_palette
from .population import AGE_GROUPS
from .welfare import AGE_LABELS


def km(metres) -> str:
    return f"{metres / 1000:g}"


def _pct(share):
    return None if share is None else share * 100


def _row(row: dict) -> dict:
    return {
        "name": row.get("name") or row.get("code") or "",
        "code": row.get("code", ""),
        "level": row.get("level", ""),
        "residents": row["residents"],
        "mean_distance_km": None
        if row["mean_distance_m"] is None
        else row["mean_distance_m"] / 1000,
        "unreachable": row["unreachable"],
        "unknown_ages": row["residents_unknown_ages"],
        "cells": [{"residents": w["residents"], "pct": _pct(w["share"])} for w in row["within"]],
        "ages": [
            {
                "label": AGE_LABELS[a],
                "residents": row["age_groups"][a],
                "cells": [
                    {
                        "residents": w["age_groups"][a]["residents"],
                        "pct": _pct(w["age_groups"][a]["share"]),
                    }
                    for w in row["within"]
                ],
            }
            for a in AGE_GROUPS
        ],  # fmt: skip
    }


def tables(result: dict) -> dict:
    level = result["parameters"]["area_level"]
    out = {
        "distances": [km(t) for t in result["thresholds_m"]],
        "total": _row(result["total"]),
        "total_rows": [{**_row(result["total"]), "name": _("Whole area")}],
        "municipalities": [_row(r) for r in result["municipalities"]],
        "groups": [],
    }
    if level in ("country", "county"):
        out["groups"].append((_("Regions"), [_row(r) for r in result["regions"]]))
    if level in ("country", "region"):
        out["groups"].append(
            (_("Wellbeing services counties"), [_row(r) for r in result["counties"]])
        )
    return out


def comparison(result: dict) -> list[dict] | None:
    """With what-if sites: covered residents per distance before and after."""
    if "baseline" not in result:
        return None
    rows = []
    before_total, after_total = result["baseline"]["total"], result["total"]
    for before, after in zip(before_total["within"], after_total["within"], strict=True):
        change = None
        if before["share"] is not None and after["share"] is not None:
            change = (after["share"] - before["share"]) * 100
        rows.append(
            {
                "distance": km(after["within_m"]),
                "before_residents": before["residents"],
                "before_pct": _pct(before["share"]),
                "after_residents": after["residents"],
                "after_pct": _pct(after["share"]),
                "change_residents": after["residents"] - before["residents"],
                "change_pct": change,
            }
        )
    return rows


def place_name(item: dict, fallback: str) -> str:
    """The stored postal-area name in the reader's language (fi for en: Finnish place names)."""
    place = item.get("place")
    if not place:
        return fallback
    return place["sv"] if get_language() == "sv" else place["fi"]


def gaps(result: dict, names: dict[str, str]) -> dict:
    gap = result["gaps"]
    return {
        "distance": km(gap["threshold_m"]),
        "clusters": [
            {**c, "municipality_name": names.get(c["municipality"], c["municipality"]),
             "name": place_name(c, names.get(c["municipality"], c["municipality"])),
             "age_values": [c["ages"][a] if "ages" in c else None for a in AGE_GROUPS],
             "max_distance_km": None if c["max_distance_m"] is None else c["max_distance_m"] / 1000}
            for c in gap["clusters"][:10]
        ],
        "cells": [
            {**c, "municipality_name": names.get(c["municipality"], c["municipality"]),
             "distance_km": None if c["distance_m"] is None else c["distance_m"] / 1000}
            for c in gap["cells"][:10]
        ],
    }  # fmt: skip


def suggestions(result: dict) -> dict | None:
    found = result.get("suggestions")
    if not found:
        return None
    sites = [{**s, "name": place_name(s, "")} for s in found["sites"]]
    return {**found, "sites": sites, "distance": km(found["radius_m"]),
            "with_what_if": bool(result.get("extra_sites"))}  # fmt: skip


def legend(thresholds) -> list[dict]:
    colours = distance_palette(len(thresholds))
    out = []
    for i, colour in enumerate(colours):
        if i == 0:
            label = _("within %(km)s km") % {"km": km(thresholds[0])}
        elif i < len(thresholds):
            label = _("%(a)s–%(b)s km") % {"a": km(thresholds[i - 1]), "b": km(thresholds[i])}
        else:
            label = _("farther than %(km)s km") % {"km": km(thresholds[-1])}
        out.append({"colour": colour, "label": label})
    return out


def filters_text(parameters: dict) -> list[str]:
    sites = parameters.get("sites") or {}
    out = []
    if sites.get("low_threshold"):
        out.append(_("low-threshold places only"))
    if sites.get("step_free_access"):
        out.append(_("step-free access"))
    if sites.get("target_groups"):
        out.append(_("target groups: %s") % ", ".join(sites["target_groups"]))
    if sites.get("languages"):
        out.append(_("languages: %s") % ", ".join(sites["languages"]))
    if sites.get("min_weekly_hours"):
        out.append(_("open at least %s hours a week") % f"{sites['min_weekly_hours']:g}")
    return out or [_("all published places")]
