"""The resilience matrix: what the network does, by level (individual, community,
institutional) and phase (prevention, preparedness, recovery).

The framing is the Pärjätään yhdessä project's (seeds/002): associations build individual
resilience (wellbeing and functional ability), community resilience (togetherness,
participation, social safety nets, local preparedness) and support institutional resilience
(trust in society's structures, continuity); almost all association work is *prevention*
(root causes, where authorities have no activity), associations back the authorities in
*preparedness* for wide disruptions (VPK, VAPEPA) and in *recovery* (humanitarian aid,
psychosocial support, at both the individual and the community level).

RULES maps what the registry records to cells. Each registered thing (an organisation, a
service, a site, a volunteer) counts once in every cell one of its codes maps to, so a cell
says how many registered things work there. docs/insights.md shows the table.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

LEVELS = {
    "individual": _("Individual"),
    "community": _("Community"),
    "institutional": _("Institutional"),
}
PHASES = {
    "prevention": _("Prevention"),
    "preparedness": _("Preparedness"),
    "recovery": _("Recovery"),
}
SOURCES = {
    "organisations": _("organisations"),
    "services": _("services"),
    "sites": _("places"),
    "volunteers": _("volunteers"),
}


def _counted(source: str, n: int) -> str:
    texts = {
        "organisations": ngettext("%(n)s organisation", "%(n)s organisations", n),
        "services": ngettext("%(n)s service", "%(n)s services", n),
        "sites": ngettext("%(n)s place", "%(n)s places", n),
        "volunteers": ngettext("%(n)s volunteer", "%(n)s volunteers", n),
    }
    return texts[source] % {"n": n}


IND, COM, INS = "individual", "community", "institutional"
PRE, PREP, REC = "prevention", "preparedness", "recovery"

# Organisation and service themes (registry taxonomy "theme").
THEME_RULES = {
    "social-health": [(IND, PRE)],
    "mental-health": [(IND, PRE), (IND, REC)],
    "substance-abuse": [(IND, PRE)],
    "disability": [(IND, PRE)],
    "carers": [(IND, PRE)],
    "peer-support": [(IND, REC), (COM, PRE)],
    "elderly": [(IND, PRE)],
    "children-families": [(IND, PRE)],
    "youth": [(IND, PRE)],
    "immigrants-integration": [(COM, PRE)],
    "village-local": [(COM, PRE), (COM, PREP)],
    "culture": [(COM, PRE)],
    "sports": [(IND, PRE)],
    "preparedness-safety": [(COM, PREP), (INS, PREP)],
    "poverty-food-aid": [(IND, PRE), (COM, REC)],
    "housing": [(IND, PRE)],
    "diaconia": [(IND, REC), (COM, REC)],
}
# Organisation types (registry.Organization.Kind).
ORGANISATION_KIND_RULES = {
    "red_cross_branch": [(COM, PREP), (COM, REC)],
    "village_association": [(COM, PREP)],
    "parish": [(COM, REC)],
    "municipal_unit": [(INS, PREP)],
    "wellbeing_county": [(INS, PREP), (INS, REC)],
    "rescue_department": [(INS, PREP)],
    "state_agency": [(INS, PREP)],
}
# Kinds of places (directory.Site.Kind); offices and online channels map nowhere.
SITE_KIND_RULES = {
    "meeting_place": [(COM, PRE)],
    "village_hall": [(COM, PREP)],  # a readiness centre in a disruption
    "outdoor_meeting_point": [(COM, PREP)],  # "kylmäpiste" when buildings are unusable
    "clinic": [(INS, REC)],
}
# Volunteers' skills (registry taxonomy "skill"): the roles people can take.
SKILL_RULES = {
    "first-aid": [(COM, PREP)],
    "psychosocial-support": [(IND, REC)],
    "catering": [(COM, REC)],
    "driving": [(COM, PREP)],
    "logistics": [(COM, PREP)],
    "childcare": [(COM, REC)],
    "interpreting": [(COM, REC)],
    "it-support": [(COM, PREP)],
    "search-rescue": [(INS, PREP)],  # under the authorities' lead (Vapepa)
    "elderly-checks": [(IND, PREP)],
    "accommodation": [(COM, REC)],
    "cleanup": [(COM, REC)],
    "administration": [(COM, PREP)],
    "communications": [(COM, PREP)],
    "peer-group-leading": [(IND, PRE)],
    "nursing": [(IND, REC)],
}


def cells_of(codes, rules) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for code in codes:
        out.update(rules.get(code, ()))
    return out


def empty_matrix() -> dict:
    return {(level, phase): dict.fromkeys(SOURCES, 0) for level in LEVELS for phase in PHASES}


def add(matrix: dict, source: str, cells) -> None:
    for cell in cells:
        matrix[cell][source] += 1


def rows(matrix: dict) -> list[dict]:
    """Template-ready: one row per level, a cell per phase with its total and breakdown."""
    out = []
    for level, level_label in LEVELS.items():
        cells = []
        for phase in PHASES:
            counts = matrix[(level, phase)]
            cells.append(
                {
                    "phase": phase,
                    "total": sum(counts.values()),
                    "parts": [_counted(s, n) for s, n in counts.items() if n],
                }
            )
        out.append({"level": level, "label": level_label, "cells": cells})
    return out


def rule_table() -> list[dict]:
    """The mapping itself, for the page that explains the matrix."""
    out = []
    for kind, rules in (
        (_("theme"), THEME_RULES),
        (_("organisation type"), ORGANISATION_KIND_RULES),
        (_("kind of place"), SITE_KIND_RULES),
        (_("volunteer skill"), SKILL_RULES),
    ):
        for code, cells in rules.items():
            out.append(
                {
                    "kind": kind,
                    "code": code,
                    "cells": [f"{LEVELS[level]} × {PHASES[phase]}" for level, phase in cells],
                }
            )
    return out
