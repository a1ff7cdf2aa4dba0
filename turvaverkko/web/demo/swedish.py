"""Swedish texts of the demo's bilingual places (issue 16 §2): Swedish street names and
directions in Turku/Åbo and Kemiönsaari/Kimitoön, kept apart so that the place definitions
(places.py) stay as they are. They go with the rest of the site through the directory's
actions (load_directory.load_sites). The Swedish fees and how to access of the Swedish
associations' services are in load_services.py (SERVICES_SV)."""

SITES_SV = {
    "otr-runosmaki": {
        "street_address_sv": "Runoratsugatan 1",
        "transportation_sv": "Bussarna 15 och 115, hållplatsen Runosbackens köpcentrum.",
    },
    "otr-jakarla": {"street_address_sv": "Jäkärlävägen 60"},
    "otr-kimitoon": {
        "street_address_sv": "Villa Landersvägen 2",
        "transportation_sv": "Bussen står på torget, mitt i Kimito centrum.",
    },
}
