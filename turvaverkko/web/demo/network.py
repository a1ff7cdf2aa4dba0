"""Who is in the demo network: the Huittinen network of 53 associations and the Muonio network
of 9 (Pärjätään yhdessä, seeds 000 and 002), the Etelä-Savo partnership (seed 001), the
Järjestöt on the Road partners (seed 003), and the public bodies around them.

The organisations are fictional; their names follow the common Finnish patterns and may
resemble real associations. Identifiers are generated in ranges PRH has not issued.
"""

from .partners import (
    ETELA_SAVO,
    HUITTINEN,
    MUONIO,
    ON_THE_ROAD,
    PUBLIC_BODIES,
    SATAKUNTA_OTHERS,
    Org,
    _assoc,
    _village,
)

# Huittinen's associations: key, name, themes, target groups (taxonomy codes).
HUITTINEN_ASSOCIATIONS = [
    ("h-martat", "Huittisten Martat ry", "poverty-food-aid children-families", "everyone families"),
    ("h-vampulan-martat", "Vampulan Martat ry", "poverty-food-aid village-local", "everyone"),
    (
        "h-mll",
        "MLL:n Huittisten yhdistys ry",
        "children-families peer-support",
        "families children",
    ),
    ("h-elakelaiset", "Huittisten Eläkeläiset ry", "elderly", "older-people"),
    ("h-elakkeensaajat", "Huittisten Seudun Eläkkeensaajat ry", "elderly", "older-people"),
    ("h-elakeliitto", "Eläkeliiton Huittisten yhdistys ry", "elderly culture", "older-people"),
    ("h-sotaveteraanit", "Huittisten Sotaveteraanit ry", "elderly", "older-people"),
    ("h-vpk", "Huittisten VPK ry", "preparedness-safety youth", "everyone young-people"),
    ("h-vampulan-vpk", "Vampulan VPK ry", "preparedness-safety", "everyone"),
    ("h-4h", "Huittisten 4H-yhdistys ry", "youth", "young-people children"),
    ("h-reservilaiset", "Huittisten Reserviläiset ry", "preparedness-safety", "working-age"),
    ("h-reserviupseerit", "Huittisten Reserviupseerit ry", "preparedness-safety", "working-age"),
    (
        "h-maanpuolustusnaiset",
        "Huittisten Maanpuolustusnaiset ry",
        "preparedness-safety",
        "everyone",
    ),
    (
        "h-sotilaskoti",
        "Huittisten Sotilaskotiyhdistys ry",
        "preparedness-safety poverty-food-aid",
        "everyone",
    ),
    (
        "h-mielenterveys",
        "Huittisten Mielenterveysyhdistys ry",
        "mental-health peer-support",
        "mental-health-rehabilitees lonely",
    ),
    ("h-omaishoitajat", "Huittisten Seudun Omaishoitajat ry", "carers peer-support", "carers"),
    ("h-sydan", "Huittisten Sydänyhdistys ry", "social-health", "long-term-ill"),
    ("h-diabetes", "Huittisten Diabetesyhdistys ry", "social-health", "long-term-ill"),
    ("h-reuma", "Huittisten Reumayhdistys ry", "social-health", "long-term-ill"),
    ("h-muisti", "Huittisten Muistiyhdistys ry", "elderly social-health", "older-people carers"),
    ("h-invalidit", "Huittisten Invalidit ry", "disability", "people-with-disabilities"),
    (
        "h-kehitysvammaisten-tuki",
        "Huittisten Kehitysvammaisten Tuki ry",
        "disability",
        "people-with-disabilities families",
    ),
    ("h-kuulo", "Huittisten Kuuloyhdistys ry", "disability", "people-with-disabilities"),
    ("h-a-kilta", "Huittisten A-kilta ry", "substance-abuse peer-support", "working-age"),
    ("h-tyottomat", "Huittisten Seudun Työttömät ry", "poverty-food-aid", "unemployed"),
    ("h-ruokapankki", "Huittisten Ruokapankki ry", "poverty-food-aid", "everyone"),
    (
        "h-monikulttuuri",
        "Huittisten Monikulttuurinen yhdistys ry",
        "immigrants-integration culture",
        "immigrants families",
    ),
    (
        "h-vanhempainyhdistys",
        "Huittisten Vanhempainyhdistys ry",
        "children-families",
        "families children",
    ),
    ("h-partio", "Huittisten Erähaukat ry", "youth", "children young-people"),
    ("h-nuorisoseura", "Huittisten Nuorisoseura ry", "youth culture", "young-people"),
    ("h-ponnistus", "Huittisten Ponnistus ry", "sports", "everyone"),
    ("h-vampulan-urheilijat", "Vampulan Urheilijat ry", "sports", "everyone"),
    ("h-ladut", "Huittisten Ladut ry", "sports", "everyone"),
    ("h-metsastysseura", "Huittisten Metsästysseura ry", "preparedness-safety", "working-age"),
    (
        "h-vampulan-metsastysseura",
        "Vampulan Metsästysseura ry",
        "preparedness-safety",
        "working-age",
    ),
    ("h-lions", "Lions Club Huittinen ry", "youth elderly", "everyone"),
    ("h-yrittajat", "Huittisten Yrittäjät ry", "village-local", "organisations"),
    (
        "h-mkn",
        "Huittisten Maa- ja kotitalousnaiset ry",
        "village-local poverty-food-aid",
        "everyone",
    ),
    ("h-kotiseutu", "Huittisten Kotiseutuyhdistys ry", "culture", "everyone"),
    ("h-mieskuoro", "Huittisten Mieskuoro ry", "culture", "everyone"),
    ("h-vanhustentuki", "Huittisten Vanhustentuki ry", "elderly", "older-people"),
    ("h-kohtaamo", "Huittisten Kohtaamo ry", "peer-support mental-health", "lonely everyone"),
    ("h-naisvoimistelijat", "Huittisten Naisvoimistelijat ry", "sports", "everyone"),
]
HUITTINEN_DESCRIPTIONS = {
    "h-martat": "Kotitalousneuvontaa, ruokakursseja ja ruokahuoltoa myös poikkeustilanteissa.",
    "h-mll": "Perhekahvila, lastenhoitoapu ja vertaistukea lapsiperheille.",
    "h-vpk": "Sopimuspalokunta ja nuoriso-osasto.",
    "h-mielenterveys": "Kohtaamispaikka Olohuone ja vertaisryhmät mielenterveyskuntoutujille.",
    "h-ruokapankki": "Kauppojen ylijäämäruoan jakelu ja ruoka-apu yhdessä seurakunnan kanssa.",
    "h-partio": "Partiolippukunta.",
    "h-metsastysseura": "Jäsenet osallistuvat kadonneiden etsintöihin.",
    "h-vanhustentuki": "Ikäihmisten kotikäynnit, asiointiapu ja soittorinki.",
}

HUITTINEN_NETWORK = (
    [
        _assoc(
            key,
            name,
            themes.split(),
            groups.split(),
            description_fi=HUITTINEN_DESCRIPTIONS.get(key, ""),
        )
        for key, name, themes, groups in HUITTINEN_ASSOCIATIONS
    ]
    + [
        Org(
            "h-spr",
            "Suomen Punaisen Ristin Huittisten osasto",
            kind="red_cross_branch",
            themes=("preparedness-safety", "social-health", "immigrants-integration"),
            target_groups=("everyone", "people-in-crisis"),
            parent="spr-satakunta",
            description_fi="Ensiapuryhmä, ystävätoiminta ja Vapepa-hälytysryhmä. Osasto vastaa "
            "paikallisesti henkisestä tuesta onnettomuuksissa.",
            contact_titles=("puheenjohtaja", "ensiapuryhmän johtaja", "valmiusvastaava"),
        ),
        Org(
            "h-seurakunta",
            "Huittisten seurakunta",
            kind="parish",
            registered=False,
            themes=("diaconia", "poverty-food-aid", "elderly"),
            target_groups=("everyone", "older-people", "people-in-crisis"),
            description_fi="Diakoniatyö, ruoka-apu ja kriisiapu.",
            contact_titles=("diakoniatyöntekijä", "kirkkoherra", "nuorisotyönohjaaja"),
        ),
    ]
    + [
        _village(f"h-kv-{slug}", name)
        for slug, name in [
            ("vampula", "Vampulan Kyläyhdistys ry"),
            ("rutava", "Rutavan Kyläyhdistys ry"),
            ("sampu", "Sammun Kyläyhdistys ry"),
            ("suttila", "Suttilan Kyläyhdistys ry"),
            ("huhtamo", "Huhtamon Kyläyhdistys ry"),
            ("raijala", "Raijalan Kyläyhdistys ry"),
            ("mommola", "Mommolan Kyläyhdistys ry"),
            ("karhiniemi", "Karhiniemen Kyläseura ry"),
        ]
    ]
)

M = (MUONIO,)
MUONIO_NETWORK = [
    Org(
        "m-spr",
        "Suomen Punaisen Ristin Muonion osasto",
        kind="red_cross_branch",
        municipalities=M,
        themes=("preparedness-safety", "social-health"),
        target_groups=("everyone", "people-in-crisis"),
        parent="spr-lappi",
        name_style="north",
        contact_titles=("puheenjohtaja", "ensiapuryhmän johtaja", "valmiusvastaava"),
    ),
    _assoc(
        "m-martat",
        "Muonion Martat ry",
        ["poverty-food-aid"],
        ["everyone"],
        municipalities=M,
        name_style="north",
    ),
    _assoc(
        "m-mll",
        "MLL:n Muonion yhdistys ry",
        ["children-families"],
        ["families"],
        municipalities=M,
        name_style="north",
    ),
    _assoc(
        "m-elakelaiset",
        "Muonion Eläkeläiset ry",
        ["elderly"],
        ["older-people"],
        municipalities=M,
        name_style="north",
    ),
    Org(
        "m-seurakunta",
        "Muonion seurakunta",
        kind="parish",
        municipalities=M,
        registered=False,
        themes=("diaconia", "poverty-food-aid"),
        target_groups=("everyone",),
        name_style="north",
        contact_titles=("diakoniatyöntekijä", "kirkkoherra"),
    ),
    _village("m-kylayhdistys", "Muonion Kyläyhdistys ry", municipalities=M, name_style="north"),
    _village(
        "m-katkasuvanto", "Kätkäsuvannon Kyläyhdistys ry", municipalities=M, name_style="north"
    ),
    _village("m-yli-muonio", "Yli-Muonion Kyläyhdistys ry", municipalities=M, name_style="north"),
    _assoc(
        "m-omaishoitajat",
        "Tunturi-Lapin Omaishoitajat ry",
        ["carers", "peer-support"],
        ["carers"],
        municipalities=(MUONIO, "261", "273", "047"),
        name_style="north",
    ),
]

NETWORKS = [
    {
        "key": "huittinen",
        "name_fi": "Huittisten Pärjätään yhdessä -verkosto",
        "name_sv": "Huittinens nätverk Vi klarar oss tillsammans",
        "name_en": "Huittinen 'Pärjätään yhdessä' network",
        "description_fi": (
            "Huittisten sosiaali- ja terveysjärjestöjen, kyläyhdistysten ja muiden paikallisten "
            "toimijoiden verkosto, jonka voimavarat ovat osa kaupungin äkillisen avun "
            "varautumista. Syntyi SPR:n Pärjätään yhdessä -hankkeessa (2016–2019)."
        ),
        "municipalities": [HUITTINEN],
        "members": [o.key for o in HUITTINEN_NETWORK],
    },
    {
        "key": "muonio",
        "name_fi": "Muonion Pärjätään yhdessä -verkosto",
        "name_sv": "Muonios nätverk Vi klarar oss tillsammans",
        "name_en": "Muonio 'Pärjätään yhdessä' network",
        "description_fi": (
            "Muonion järjestöjen ja kyläyhdistysten arjen turvallisuuden verkosto, "
            "SPR:n Lapin piirin Pärjätään yhdessä -hankkeesta."
        ),
        "municipalities": [MUONIO],
        "members": [o.key for o in MUONIO_NETWORK],
    },
    {
        "key": "etela-savo",
        "name_fi": "Etelä-Savon hyvinvointikumppanuus",
        "name_sv": "Välfärdspartnerskapet i Södra Savolax",
        "name_en": "South Savo wellbeing partnership",
        "description_fi": (
            "Sosiaali- ja terveysjärjestöjen yhteistyö- ja kehittämisverkosto ja kumppanuuspöytä "
            "kuntien ja hyvinvointialueen kanssa; kartoittaa matalan kynnyksen kohtaamispaikat."
        ),
        "municipalities": ["491", "740", "593", "178", "213", "507"],
        "members": [o.key for o in ETELA_SAVO],
    },
    {
        "key": "on-the-road",
        "name_fi": "Järjestöt on the Road -kumppanuus",
        "name_sv": "Partnerskapet Järjestöt on the Road",
        "name_en": "Järjestöt on the Road partnership",
        "description_fi": (
            "Varsinais-Suomen lastensuojelujärjestöjen liikkuva palvelubussi lapsille, nuorille "
            "ja perheille (2018–2020)."
        ),
        "municipalities": ["853", "322", "400", "895"],
        "members": [o.key for o in ON_THE_ROAD],
    },
]

ALL_ORGS = HUITTINEN_NETWORK + MUONIO_NETWORK + ETELA_SAVO + ON_THE_ROAD + SATAKUNTA_OTHERS
ALL_ORGS += PUBLIC_BODIES
BY_KEY = {o.key: o for o in ALL_ORGS}

assert len(HUITTINEN_NETWORK) == 53, len(HUITTINEN_NETWORK)  # noqa: S101 (seed 002)
assert len(MUONIO_NETWORK) == 9, len(MUONIO_NETWORK)  # noqa: S101 (seed 002)
assert len(BY_KEY) == len(ALL_ORGS)  # noqa: S101 (unique keys)

# Organisations whose data was last confirmed more than a year ago (days before today), so the
# coordinators' dashboards show stale entries; the others were confirmed 10–300 days ago.
STALE_DAYS = {
    "h-reuma": 400,
    "h-kuulo": 430,
    "h-ladut": 520,
    "h-mieskuoro": 610,
    "h-vampulan-metsastysseura": 700,
    "h-kv-mommola": 455,
    "h-reserviupseerit": 390,
    "h-naisvoimistelijat": 800,
    "m-yli-muonio": 480,
    "es-kangasniemen-elakelaiset": 420,
}
