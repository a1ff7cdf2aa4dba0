"""Swedish texts of the demo's bilingual places and Swedish associations' services (issue 16
§2): Swedish street names in Turku/Åbo and Kemiönsaari/Kimitoön, fees and how to access in
Swedish (a service's Swedish name and description are in demo/services.csv). A small step of
its own after load_sites, so that the place and service definitions (places.py, services.py)
stay as they are. The sites' Swedish texts go with the rest of the site through the
directory's actions (load_directory.load_sites); the services' are written here."""

from turvaverkko.directory.models import Service

from .common import stable_id

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
SERVICES_SV = {
    "kimitoon-familjecafe": {
        "fees_description_sv": "Avgiftsfritt.",
        "application_process_sv": "Kom när det passar dig, ingen anmälan behövs.",
    },
    "on-the-road-bussi": {
        "fees_description_sv": "Avgiftsfritt.",
        "application_process_sv": "Kom till bussen, ingen tidsbokning. En egen tid kan bokas "
        "på förhand.",
    },
}


def add_swedish_texts() -> None:
    """Write the Swedish texts through save(), so that the search finds them at once; only
    those that differ, so that loading the demo again changes nothing."""
    for model, kind, texts in ((Service, "service", SERVICES_SV),):
        for key, values in texts.items():
            obj = model.objects.filter(pk=stable_id(kind, key)).first()
            if obj is None:
                continue
            changed = {name for name, value in values.items() if getattr(obj, name) != value}
            if not changed:
                continue  # a second run writes nothing (and no history)
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
