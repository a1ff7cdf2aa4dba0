"""Ready-made alert texts per incident type, in Finnish, Swedish and English.

The activation form starts from these (or from the readiness plan scenario's own texts, when
the incident was opened from one); the coordinator edits them before sending. Each text leaves
room in one SMS for the exercise prefix and the reply instructions.
"""

from django.utils import translation
from django.utils.translation import pgettext_lazy

from .messages import LANGUAGES

# Rendered in each recipient language (translation.override) with %(area)s filled in.
GENERIC = pgettext_lazy("alert text", "Help is needed: %(area)s. Can you come?")

BY_TYPE = {
    "power_outage": pgettext_lazy(
        "alert text", "Long power outage: %(area)s. The readiness centre opens. Can you come?"
    ),
    "storm": pgettext_lazy("alert text", "Storm damage: %(area)s. Help is needed. Can you come?"),
    "flood": pgettext_lazy("alert text", "Flood: %(area)s. Help is needed. Can you come?"),
    "evacuation": pgettext_lazy(
        "alert text", "Evacuation: %(area)s. Emergency relief is needed. Can you come?"
    ),
    "water_contamination": pgettext_lazy(
        "alert text",
        "Water contamination: %(area)s. Water distribution is needed. Can you come?",
    ),
    "severe_cold": pgettext_lazy(
        "alert text", "Severe cold: %(area)s. Check-ins on older residents. Can you come?"
    ),
    "heat_wave": pgettext_lazy(
        "alert text", "Heat wave: %(area)s. Check-ins on older residents. Can you come?"
    ),
    "missing_person": pgettext_lazy(
        "alert text",
        "Search for a missing person: %(area)s. Meeting point to follow. Can you come?",
    ),
}


def default_texts(incident) -> dict[str, str]:
    """{language: text} for an incident, from its plan scenario or its type."""
    municipalities = list(incident.municipalities.all()[:3])
    scenario_texts = _scenario_texts(incident)
    base = BY_TYPE.get(incident.type, GENERIC)
    out = {}
    for lang in LANGUAGES:
        area = ", ".join(getattr(m, f"name_{lang}", "") or m.name_fi for m in municipalities)
        with translation.override(lang):
            out[lang] = scenario_texts.get(lang) or str(base) % {"area": area}
    return out


def _scenario_texts(incident) -> dict[str, str]:
    scenario = incident.plan_scenario
    if scenario is None:
        return {}
    return {
        "fi": scenario.alert_text_fi,
        "sv": scenario.alert_text_sv,
        "en": scenario.alert_text_en,
    }
