"""Where help is found in the demo (demo/places.json): meeting places, village halls and
outreach stops (services.csv has what is offered there). Addresses are plausible, not
verified; points are the postal area's or municipality's reference point moved a little
(common.jitter)."""

from dataclasses import dataclass

from .files import DemoDataError, read_json

WEEKDAYS = "MO,TU,WE,TH,FR"


@dataclass(frozen=True)
class SiteDef:
    key: str
    name_fi: str
    municipality: str
    postal_code: str
    street: str
    orgs: tuple
    services: tuple
    # (weekdays, opens, closes, every n weeks, note, nth weekday of the month or 0); the note
    # is (Finnish, Swedish, English), the Swedish and English ones often empty.
    hours: tuple = ((WEEKDAYS, "09:00", "15:00", 1, ("", "", ""), 0),)
    kind: str = "meeting_place"
    low_threshold: bool = True
    access: tuple = ("step_free_access", "accessible_toilet")
    languages: tuple = ("fi",)
    target_groups: tuple = ("everyone",)
    name_sv: str = ""
    description_fi: str = ""
    description_sv: str = ""
    transportation_fi: str = ""
    jitter_km: float = 1.5
    # An approximate point where the postal area's point would be far off (city districts).
    near: tuple | None = None


def _site(spec: dict) -> SiteDef:
    values = dict(spec)
    try:
        values["hours"] = (
            tuple(
                (
                    h["days"],
                    h["opens"],
                    h["closes"],
                    h.get("every_weeks", 1),
                    (h.get("note", ""), h.get("note_sv", ""), h.get("note_en", "")),
                    h.get("nth_of_month", 0),
                )  # fmt: skip
                for h in spec.get("hours", [])
            )
            or SiteDef.hours
        )
        for name in ("orgs", "services", "access", "languages", "target_groups"):
            if name in values:
                values[name] = tuple(values[name])
        if values.get("near") is not None:
            values["near"] = tuple(values["near"])
        return SiteDef(**values)
    except (KeyError, TypeError) as exc:
        raise DemoDataError(f"places.json: site {spec.get('key')!r}: {exc}") from exc


_DATA = read_json("places.json")
ACCESS_FLAGS = tuple(_DATA["access_flags"])
ALL_SITES = [_site(s) for s in _DATA["sites"]]
# Closed on these public holidays (month, day, names); Independence Eve closes early.
# Names are {"fi": …, "sv": …, "en": …} (a Swedish page shows the Swedish one).
HOLIDAYS = [
    (h["month"], h["day"], {"fi": h["name"], "sv": h.get("name_sv", ""),
                            "en": h.get("name_en", "")})
    for h in _DATA["holidays"]
]  # fmt: skip
SHORT_DAYS = [
    (h["month"], h["day"], h["closes"],
     {"fi": h["note"], "sv": h.get("note_sv", ""), "en": h.get("note_en", "")})
    for h in _DATA["short_days"]
]  # fmt: skip

if len({s.key for s in ALL_SITES}) != len(ALL_SITES):
    raise DemoDataError("places.json: a site key is used twice")
