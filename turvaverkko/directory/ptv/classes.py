"""PTV service classes: the managed list a directory service chooses from (reference data in
`directory/data/ptv_service_classes.json`, where its source is noted)."""

import json
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from .mapping import SERVICE_CLASS_URI

DATA = Path(__file__).resolve().parent.parent / "data" / "ptv_service_classes.json"


@cache
def _classes() -> dict[str, dict[str, str]]:
    with DATA.open(encoding="utf-8") as f:
        return {c["code"]: c for c in json.load(f)["classes"]}


def codes() -> list[str]:
    return list(_classes())


def uri(code: str) -> str:
    return SERVICE_CLASS_URI + code


def name(code: str, language: str | None = None) -> str:
    """The class's name in the language (fi, sv, en); a subclass read from PTV that the list
    does not name is shown as its code under its main class."""
    lang = (language or get_language() or "fi")[:2]
    found = _classes().get(code)
    if found is not None:
        return found.get(lang) or found["fi"]
    main = _classes().get(code.split(".")[0])
    return f"{code} ({main.get(lang) or main['fi']})" if main else code


def choices(extra: list[str] | tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(code, "P4 Social services") for the editor: the main classes, then codes a service
    already has that the list does not hold (subclasses read from PTV)."""
    listed = codes()
    return [(c, f"{c} {name(c)}") for c in listed] + [
        (c, name(c)) for c in extra if c not in listed
    ]
