"""Ready-made alert texts per incident type, in Finnish, Swedish and English.

The activation form starts from these (or from the readiness plan scenario's own texts, when
the incident was opened from one); the coordinator edits them before sending. Each text leaves
room in one SMS for the exercise prefix and the reply instructions.
"""

from .scenarios import plan_scenario

GENERIC = {
    "fi": "Apua tarvitaan: {area}. Voitko tulla?",
    "sv": "Hjälp behövs: {area}. Kan du komma?",
    "en": "Help is needed: {area}. Can you come?",
}

BY_TYPE = {
    "power_outage": {
        "fi": "Pitkä sähkökatko: {area}. Valmiuskeskus avataan. Voitko tulla?",
        "sv": "Långt elavbrott: {area}. Beredskapscentret öppnas. Kan du komma?",
        "en": "Long power outage: {area}. The readiness centre opens. Can you come?",
    },
    "storm": {
        "fi": "Myrskytuhoja: {area}. Apua tarvitaan. Voitko tulla?",
        "sv": "Stormskador: {area}. Hjälp behövs. Kan du komma?",
        "en": "Storm damage: {area}. Help is needed. Can you come?",
    },
    "flood": {
        "fi": "Tulva: {area}. Apua tarvitaan. Voitko tulla?",
        "sv": "Översvämning: {area}. Hjälp behövs. Kan du komma?",
        "en": "Flood: {area}. Help is needed. Can you come?",
    },
    "evacuation": {
        "fi": "Evakuointi: {area}. Ensihuoltoa tarvitaan. Voitko tulla?",
        "sv": "Evakuering: {area}. Första hjälpen-omsorg behövs. Kan du komma?",
        "en": "Evacuation: {area}. Emergency relief is needed. Can you come?",
    },
    "water_contamination": {
        "fi": "Vesi on pilaantunut: {area}. Vedenjakelua tarvitaan. Voitko tulla?",
        "sv": "Förorenat vatten: {area}. Vattenutdelning behövs. Kan du komma?",
        "en": "Water contamination: {area}. Water distribution is needed. Can you come?",
    },
    "severe_cold": {
        "fi": "Kova pakkanen: {area}. Ikäihmisten tarkistuskäynnit. Voitko tulla?",
        "sv": "Sträng kyla: {area}. Vi besöker äldre. Kan du komma?",
        "en": "Severe cold: {area}. Check-ins on older residents. Can you come?",
    },
    "heat_wave": {
        "fi": "Helle: {area}. Ikäihmisten tarkistuskäynnit. Voitko tulla?",
        "sv": "Värmebölja: {area}. Vi besöker äldre. Kan du komma?",
        "en": "Heat wave: {area}. Check-ins on older residents. Can you come?",
    },
    "missing_person": {
        "fi": "Kadonneen etsintä: {area}. Kokoontuminen ilmoitetaan. Voitko tulla?",
        "sv": "Sökning efter försvunnen: {area}. Samlingsplats meddelas. Kan du komma?",
        "en": "Search for a missing person: {area}. Meeting point to follow. Can you come?",
    },
}

LANGUAGES = ("fi", "sv", "en")


def default_texts(incident) -> dict[str, str]:
    """{language: text} for an incident, from its plan scenario or its type."""
    municipalities = list(incident.municipalities.all()[:3])
    scenario_texts = _scenario_texts(incident)
    base = BY_TYPE.get(incident.type, GENERIC)
    out = {}
    for lang in LANGUAGES:
        area = ", ".join(getattr(m, f"name_{lang}", "") or m.name_fi for m in municipalities)
        out[lang] = scenario_texts.get(lang) or base[lang].format(area=area)
    return out


def _scenario_texts(incident) -> dict[str, str]:
    scenario = plan_scenario(incident)
    if scenario is None:
        return {}
    return {
        "fi": scenario.alert_text_fi,
        "sv": scenario.alert_text_sv,
        "en": scenario.alert_text_en,
    }
