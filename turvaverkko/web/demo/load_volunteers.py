"""Demo volunteers (skills, languages, availability, channels, consent) and alert groups, as
demo/volunteers.json describes them. The volunteers go through the volunteers app's action
`register_volunteer`; the alert groups are written here."""

from datetime import time, timedelta

from django.utils import timezone

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.models import Language, Organization, TaxonomyTerm
from turvaverkko.volunteers.actions import VolunteerRecord, register_volunteer
from turvaverkko.volunteers.models import AlertGroup, Volunteer

from . import network
from .common import jitter, rng, set_m2m, upsert
from .files import read_json
from .people import NameBook

_DATA = read_json("volunteers.json")
# (municipality, how many, name style, message language)
CROWDS = [(c["municipality"], c["count"], c["names"], c["language"]) for c in _DATA["crowds"]]
# Skill codes with weights: first aid and driving are common, interpreting rare.
SKILL_WEIGHTS = _DATA["skill_weights"]
INTERPRETED = _DATA["interpreted"]
LICENCES = _DATA["licences"]
CONSENT = dict(_DATA["consent"])
CONSENT["en"] = CONSENT["fi"]
# (name, municipality, organisation key, skills any of)
ALERT_GROUPS = [
    (g["name"], g["municipality"], g["organization"], set(g["skills"]))
    for g in _DATA["alert_groups"]
]


def _slots(r) -> list[tuple[int, time, time]]:
    patterns = [
        [(d, time(17), time(21)) for d in range(5)],  # weekday evenings
        [(5, time(9), time(18)), (6, time(9), time(18))],  # weekends
        [(d, time(8), time(16)) for d in range(7)],  # retired: any day
        [(r.randrange(5), time(18), time(21))],
        [(2, time(9), time(12)), (4, time(13), time(17))],
    ]
    return r.choice(patterns)


def load_volunteers(names: NameBook, ville_user, orgs: dict[str, Organization], by) -> list:
    """The volunteers through `volunteers.actions.register_volunteer` as `by` (the demo
    administrator), as a coordinator registers volunteers on their behalf: no account is
    created and no e-mail sent; the consent, confirmation and last-active dates are kept as
    volunteers.json's crowds make them (one profile inactive for two years)."""
    skills = {t.code: t for t in TaxonomyTerm.objects.filter(taxonomy="skill")}
    languages = Language.objects.in_bulk()
    municipalities = Municipality.objects.in_bulk({c[0] for c in CROWDS})
    now = timezone.now()
    local_orgs = {}
    for org in network.ALL_ORGS:
        for code in org.municipalities:
            local_orgs.setdefault(code, []).append(orgs[org.key])

    specs = [("ville", "102", "fi", "fi")]
    for code, count, style, lang in CROWDS:
        specs += [(f"{code}-{style}-{i}", code, style, lang) for i in range(count)]

    volunteers = []
    for key, code, style, lang in specs:
        r = rng("volunteer", key)
        muni = municipalities[code]
        if key == "ville":
            first, last, email = ville_user.first_name, ville_user.last_name, ville_user.email
        else:
            first, last = names.person(style)
            email = names.email(first, last)
        chosen = set(r.sample(list(SKILL_WEIGHTS), counts=list(SKILL_WEIGHTS.values()), k=3))
        chosen = sorted(chosen)[: r.randint(1, 3)]
        if key == "ville":
            chosen = ["first-aid", "driving", "psychosocial-support"]
        spoken = ["sv", "fi"] if style == "sv" else ["fi"]
        if r.random() < 0.5:
            spoken.append("en")
        if style == "north" and r.random() < 0.3:
            spoken.append("se")
        interprets = r.sample(INTERPRETED, k=r.randint(1, 2)) if "interpreting" in chosen else []
        located = key == "ville" or r.random() < 0.5
        lat, lon = (
            jitter(muni.latitude, muni.longitude, f"volunteer:{key}", 4)
            if located
            else (
                None,
                None,
            )
        )
        inactive = key == "102-fi-33"  # one profile untouched for two years: housekeeping
        values = {
            "name": f"{first} {last}",
            "phone": names.phone("volunteer"),
            "language": lang,
            "home_municipality_id": muni.pk,
            "latitude": round(lat, 2) if lat is not None else None,
            "longitude": round(lon, 2) if lon is not None else None,
            "driving_licence_classes": r.choice(LICENCES) if "driving" in chosen else "",
            "channels": ["sms", "email"] if r.random() < 0.7 else [r.choice(["sms", "email"])],
            "do_not_alert_until": (
                timezone.localdate() + timedelta(days=20) if key == "102-fi-5" else None
            ),
            "consent_text": CONSENT[lang],
            "consent_given_at": _days_ago(now, 60 + r.randint(0, 400)),
            "email_confirmed_at": _days_ago(now, 59) if r.random() < 0.9 else None,
            "last_active_at": _days_ago(now, 760 if inactive else r.randint(0, 200)),
        }
        memberships = local_orgs.get(code, [])
        members_of = r.sample(memberships, k=min(len(memberships), r.randint(0, 2)))
        volunteer, _outcome = register_volunteer(
            VolunteerRecord(
                email=email,
                values=values,
                skills=[skills[c] for c in chosen],
                languages=[languages[c] for c in dict.fromkeys(spoken + interprets)],
                interpreting_languages=[languages[c] for c in interprets],
                organizations=members_of,
                availability=_slots(r),
            ),
            by=by,
            user=ville_user if key == "ville" else None,
        )
        volunteers.append(volunteer)
    return volunteers


def _days_ago(now, days):
    # Whole days, so a second run on the same day writes the same values.
    return (now - timedelta(days=days)).replace(hour=12, minute=0, second=0, microsecond=0)


def load_alert_groups(volunteers, orgs: dict[str, Organization]) -> list[AlertGroup]:
    skill_codes = {
        v.pk: {s.code for s in v.skills.all()}
        for v in Volunteer.objects.filter(pk__in=[v.pk for v in volunteers]).prefetch_related(
            "skills"
        )
    }
    groups = []
    for name, code, org_key, wanted in ALERT_GROUPS:
        group = upsert(
            AlertGroup,
            {"name": name},
            {"municipality_id": code, "organization_id": orgs[org_key].pk},
        )
        members = [
            v for v in volunteers if v.home_municipality_id == code and wanted & skill_codes[v.pk]
        ]
        set_m2m(group.members, members)
        groups.append(group)
    return groups
