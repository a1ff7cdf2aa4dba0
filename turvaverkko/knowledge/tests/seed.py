"""The seed-004 operating model (Innokylä: "Kumppanuutta koronan keskellä"), as a form posts it."""

SEED_004 = {
    "name_fi": "Kumppanuutta koronan keskellä - Järjestöt valmius- ja turvallisuussuunnittelussa",
    "short_description_fi": (
        "Toimintamalli tukee järjestöjen osallisuutta toimielimissä ja organisaatioiden "
        "yhdyspintatyössä häiriötilanteissa tai poikkeusoloissa."
    ),
    "where_run_fi": "Meidän Häme -hanke ja Järjestö 2.0 Etelä-Savo",
    "area_text_fi": "Valtakunnallinen",
    "funder": "Sosiaali- ja terveysjärjestöjen avustuskeskus (STEA)",
    "author": "Niina Salo",
    "basic_idea_fi": "Julkisen sektorin ja järjestöjen työn- ja vastuunjako poikkeusoloissa.",
    "environment_fi": "Koronakriisi on vaikuttanut ihmisten arkeen monin eri tavoin.",
    "target_group_insight_fi": "Paikallisyhdistykset ja julkisen sektorin organisaatiot.",
    "conditions_fi": "Kunnan valmiussuunnittelu kutsuu järjestöt mukaan.",
    "intended_change_fi": "Järjestöjen rooli häiriötilanteissa on sovittu.",
    "measurement_fi": "Valmiussuunnitelmat, joissa järjestöjen tehtävät on nimetty.",
    "path_understand_fi": "Korona-poikkeusolot nostivat tarpeen selventää rooleja.",
    "stage": "developing",
    "innokyla_url": (
        "https://innokyla.fi/fi/toimintamalli/"
        "kumppanuutta-koronan-keskella-jarjestot-valmius-ja-turvallisuussuunnittelussa"
    ),
    "original_language": "fi",
    "status": "reviewed",
}
