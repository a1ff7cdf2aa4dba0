"""Where help is found in the demo: meeting places, village halls and outreach stops
(services.py has what is offered there). Addresses are plausible, not verified; points are
the postal area's or municipality's reference point moved a little (common.jitter)."""

from dataclasses import dataclass

WEEKDAYS = "MO,TU,WE,TH,FR"
ACCESS_FLAGS = ("step_free_access", "accessible_toilet", "induction_loop", "accessible_parking")


@dataclass(frozen=True)
class SiteDef:
    key: str
    name_fi: str
    municipality: str
    postal_code: str
    street: str
    orgs: tuple
    services: tuple
    # (weekdays, opens, closes, every n weeks, note)
    hours: tuple = ((WEEKDAYS, "09:00", "15:00", 1, ""),)
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


HUITTINEN, MUONIO = "102", "498"
EVERY_OTHER_WEEK = 2

SITES = [
    SiteDef(
        "h-jarjestotalo",
        "Huittisten järjestötalo",
        HUITTINEN,
        "32700",
        "Risteentie 5",
        orgs=("h-martat", "h-omaishoitajat", "h-elakelaiset", "h-kohtaamo", "h-muisti"),
        services=("martat-ruokahuolto", "omaishoitajat-vertaisryhma", "kohtaamo-palveluohjaus"),
        hours=((WEEKDAYS, "09:00", "15:00", 1, ""), ("TU", "17:00", "20:00", 1, "iltaryhmät")),
        access=("step_free_access", "accessible_toilet", "induction_loop", "accessible_parking"),
        description_fi="Järjestöjen yhteinen talo keskustassa: kokoustilat, kahvila ja "
        "järjestöjen palveluohjaus.",
        jitter_km=0.6,
    ),
    SiteDef(
        "h-olohuone",
        "Olohuone",
        HUITTINEN,
        "32700",
        "Lauttakyläntie 14",
        orgs=("h-mielenterveys",),
        services=("mt-olohuone", "mt-vertaisryhma"),
        hours=(("MO,TU,WE,TH", "10:00", "14:00", 1, ""),),
        target_groups=("lonely", "mental-health-rehabilitees"),
        jitter_km=0.5,
    ),
    SiteDef(
        "h-seurakuntakeskus",
        "Huittisten seurakuntakeskus",
        HUITTINEN,
        "32700",
        "Kirkkokatu 4",
        orgs=("h-seurakunta", "h-ruokapankki"),
        services=("seurakunta-ruoka-apu", "seurakunta-keskiviikkokerho"),
        hours=(("WE", "12:00", "14:00", 1, "kerho"), ("TH", "11:00", "14:00", 1, "ruoka-apu")),
        access=("step_free_access", "accessible_toilet", "induction_loop"),
        jitter_km=0.5,
    ),
    SiteDef(
        "h-perhekeskus",
        "MLL:n perhetila",
        HUITTINEN,
        "32700",
        "Kauppakatu 9",
        orgs=("h-mll", "h-vanhempainyhdistys"),
        services=("mll-perhekahvila", "mll-laksykerho"),
        hours=(
            ("WE", "09:30", "11:30", 1, "perhekahvila"),
            ("MO", "14:00", "16:00", 1, "läksykerho"),
        ),
        target_groups=("families", "children"),
        languages=("fi", "en"),
        jitter_km=0.6,
    ),
    SiteDef(
        "h-spr-talo",
        "Punaisen Ristin talo",
        HUITTINEN,
        "32700",
        "Sammuntie 3",
        orgs=("h-spr",),
        services=("spr-ystavatoiminta", "spr-henkinen-tuki"),
        hours=(("TU,TH", "10:00", "13:00", 1, ""),),
        kind="office",
        low_threshold=False,
        access=("step_free_access",),
        jitter_km=0.8,
    ),
    SiteDef(
        "h-kielikahvila",
        "Kirjaston monitoimitila",
        HUITTINEN,
        "32700",
        "Lauttakyläntie 21",
        orgs=("h-monikulttuuri", "h-vanhustentuki"),
        services=("monikulttuuri-kielikahvila", "vanhustentuki-asiointi"),
        hours=(("TH", "16:00", "18:00", 1, "kielikahvila"),),
        languages=("fi", "en", "ar", "uk"),
        target_groups=("immigrants", "older-people"),
        access=("step_free_access", "accessible_toilet", "induction_loop", "accessible_parking"),
        jitter_km=0.5,
    ),
    SiteDef(
        "h-vampulan-kylatalo",
        "Vampulan kylätalo",
        HUITTINEN,
        "32610",
        "Vampulantie 10",
        orgs=("h-kv-vampula", "h-vampulan-martat", "h-vampulan-vpk"),
        services=("kyla-aamukahvit",),
        hours=(("TU,FR", "09:00", "11:00", 1, ""),),
        kind="village_hall",
        access=("step_free_access",),
        description_fi="Kylätalo, jossa on varavoimakone ja keittiö: kylän kokoontumispaikka "
        "pitkässä sähkökatkossa.",
        jitter_km=1.0,
    ),
    SiteDef(
        "h-sammun-kylatalo",
        "Sammun kylätalo",
        HUITTINEN,
        "32710",
        "Sammuntie 201",
        orgs=("h-kv-sampu",),
        services=("sampu-kylakahvila",),
        hours=(("SA", "10:00", "13:00", 2, "joka toinen lauantai"),),
        kind="village_hall",
        access=(),
        jitter_km=1.5,
    ),
    SiteDef(
        "h-huhtamon-kylatalo",
        "Huhtamon kylätalo",
        HUITTINEN,
        "32770",
        "Huhtamontie 55",
        orgs=("h-kv-huhtamo",),
        services=("huhtamo-kylailta",),
        hours=(("TH", "18:00", "20:00", 2, "kyläilta"),),
        kind="village_hall",
        access=("step_free_access",),
        jitter_km=1.5,
    ),
    # Muonio
    SiteDef(
        "m-kylaolkkari",
        "Kyläolkkari",
        MUONIO,
        "99300",
        "Puthaanrannantie 7",
        orgs=("m-kylayhdistys", "m-martat", "m-elakelaiset"),
        services=("m-kylaolkkari",),
        hours=(("TU,TH", "10:00", "14:00", 1, ""),),
        jitter_km=0.6,
    ),
    SiteDef(
        "m-seurakuntatalo",
        "Muonion seurakuntatalo",
        MUONIO,
        "99300",
        "Kirkkotie 3",
        orgs=("m-seurakunta", "m-omaishoitajat"),
        services=("m-diakonia", "m-omaishoitajat"),
        hours=(("WE", "10:00", "12:00", 1, "päivystys"),),
        languages=("fi", "se"),
        access=("step_free_access", "accessible_toilet"),
        jitter_km=0.5,
    ),
    SiteDef(
        "m-spr",
        "Punaisen Ristin tila",
        MUONIO,
        "99300",
        "Lahenrannantie 12",
        orgs=("m-spr", "m-mll"),
        services=("m-ystavatoiminta",),
        hours=(("MO", "17:00", "19:00", 1, ""),),
        kind="office",
        low_threshold=False,
        jitter_km=0.6,
    ),
    SiteDef(
        "m-katkasuvannon-kylatalo",
        "Kätkäsuvannon kylätalo",
        MUONIO,
        "99320",
        "Kätkäsuvannontie 20",
        orgs=("m-katkasuvanto",),
        services=("m-katkasuvanto-kylailta",),
        hours=(("WE", "18:00", "20:00", 2, "kyläilta"),),
        kind="village_hall",
        access=(),
        jitter_km=1.0,
    ),
    # Elsewhere in Satakunta
    SiteDef(
        "s-pori-spr",
        "Punaisen Ristin Porin toimipiste",
        "609",
        "28100",
        "Itsenäisyydenkatu 35",
        orgs=("spr-pori",),
        services=("pori-ystavatoiminta",),
        hours=(("MO,WE", "12:00", "16:00", 1, ""),),
        languages=("fi", "en", "ar", "so"),
        target_groups=("immigrants", "families"),
        jitter_km=1.0,
    ),
    SiteDef(
        "s-pori-kohtaamo",
        "Kohtaamo",
        "609",
        "28100",
        "Yrjönkatu 12",
        orgs=("s-porin-mielenterveys",),
        services=("pori-mt-kohtaamo",),
        jitter_km=1.0,
    ),
    SiteDef(
        "s-rauma-olohuone",
        "Omaishoitajien olohuone",
        "684",
        "26100",
        "Nortamonkatu 8",
        orgs=("s-rauman-omaishoitajat",),
        services=("rauma-omaishoitajat",),
        hours=(("TU", "10:00", "14:00", 1, ""),),
        target_groups=("carers",),
        jitter_km=0.8,
    ),
    SiteDef(
        "s-kokemaki-diakonia",
        "Kokemäen diakoniakeskus",
        "271",
        "32800",
        "Tulkkilantie 2",
        orgs=("s-kokemaen-seurakunta",),
        services=("kokemaki-ruoka-apu",),
        hours=(("TU", "10:00", "12:00", 1, ""),),
        jitter_km=0.8,
    ),
    # Etelä-Savo
    SiteDef(
        "es-mikkeli-jarjestotalo",
        "Mikkelin Järjestötalo",
        "491",
        "50100",
        "Raatihuoneenkatu 6",
        orgs=("es-jarjestotalo", "es-omaishoitajat"),
        services=("es-jarjestotalo-olkkari", "es-omaishoitajat-ryhma"),
        access=("step_free_access", "accessible_toilet", "induction_loop"),
        jitter_km=0.8,
    ),
    SiteDef(
        "es-mikkeli-spr",
        "Kielikahvila Kohtaamo",
        "491",
        "50100",
        "Porrassalmenkatu 17",
        orgs=("es-spr-mikkeli",),
        services=("es-spr-kotoutuminen",),
        hours=(("WE", "15:00", "17:00", 1, ""),),
        languages=("fi", "en", "ru", "uk"),
        target_groups=("immigrants",),
        jitter_km=0.8,
    ),
    SiteDef(
        "es-mikkeli-diakonia",
        "Diakoniakeskus",
        "491",
        "50100",
        "Hallituskatu 3",
        orgs=("es-diakonia-mikkeli",),
        services=("es-diakonia-ruoka-apu",),
        hours=(("MO,WE,FR", "11:00", "13:00", 1, "lounas"),),
        jitter_km=0.8,
    ),
    SiteDef(
        "es-savonlinna-kammari",
        "Kohtaamispaikka Kammari",
        "740",
        "57100",
        "Olavinkatu 40",
        orgs=("es-mielenterveys-savonlinna", "es-mll-savonlinna"),
        services=("es-savonlinna-kammari", "es-mll-perhekahvila"),
        jitter_km=0.8,
    ),
    SiteDef(
        "es-pieksamaki-kohtaamo",
        "Pieksämäen Kohtaamo",
        "593",
        "76100",
        "Keskuskatu 20",
        orgs=("es-pieksamaen-kohtaamo", "es-pieksamaen-martat"),
        services=("es-pieksamaki-nuoret", "es-martat-ruoka"),
        hours=((WEEKDAYS, "12:00", "18:00", 1, ""),),
        jitter_km=0.8,
    ),
    SiteDef(
        "es-juva-kylatalo",
        "Juvan kylätalo",
        "178",
        "51900",
        "Juvantie 8",
        orgs=("es-juvan-kylat",),
        services=("es-juva-kylatalo",),
        kind="village_hall",
        hours=(("TH", "10:00", "13:00", 1, ""),),
        jitter_km=1.2,
    ),
    SiteDef(
        "es-kangasniemi-olohuone",
        "Kangasniemen olohuone",
        "213",
        "51200",
        "Otavantie 4",
        orgs=("es-kangasniemen-elakelaiset",),
        services=("es-kangasniemi-kerho",),
        hours=(("MO", "13:00", "15:00", 1, ""),),
        jitter_km=1.0,
    ),
]

BUS = "palvelubussi joka toinen viikko"
OUTREACH_SITES = [
    SiteDef(
        "otr-runosmaki",
        "Palvelubussin pysäkki, Runosmäen ostoskeskus",
        "853",
        "20360",
        "Runoratsunkatu 1",
        orgs=("vs-vslj", "vs-runosmaen-asukkaat"),
        services=("on-the-road-bussi",),
        hours=(("TU", "14:00", "18:00", EVERY_OTHER_WEEK, BUS),),
        kind="outdoor_meeting_point",
        access=("step_free_access",),
        languages=("fi", "sv", "en", "ar"),
        target_groups=("children", "young-people", "families"),
        name_sv="Servicebussens hållplats, Runosbackens köpcentrum",
        transportation_fi="Bussit 15 ja 115, pysäkki Runosmäen ostoskeskus.",
        jitter_km=0.3,
        near=(60.4862, 22.2152),
    ),
    SiteDef(
        "otr-jakarla",
        "Palvelubussin pysäkki, Jäkärlä-Maaria",
        "853",
        "20540",
        "Jäkärläntie 60",
        orgs=("vs-vslj",),
        services=("on-the-road-bussi",),
        hours=(("TH", "14:00", "18:00", EVERY_OTHER_WEEK, BUS),),
        kind="outdoor_meeting_point",
        access=("step_free_access",),
        languages=("fi", "sv", "en"),
        target_groups=("children", "young-people", "families"),
        name_sv="Servicebussens hållplats, Jäkärlä-S:t Marie",
        jitter_km=0.5,
        near=(60.5210, 22.3160),
    ),
    SiteDef(
        "otr-kimitoon",
        "Palvelubussin pysäkki, Kemiön keskusta",
        "322",
        "25700",
        "Villa Landersintie 2",
        orgs=("vs-vslj", "vs-mll-kimitoon", "vs-kimitoon-marthor"),
        services=("on-the-road-bussi", "kimitoon-familjecafe"),
        hours=(("WE", "13:00", "17:00", EVERY_OTHER_WEEK, BUS),),
        kind="outdoor_meeting_point",
        access=("step_free_access",),
        languages=("sv", "fi"),
        target_groups=("children", "young-people", "families"),
        name_sv="Servicebussens hållplats, Kimito centrum",
        description_sv="Servicebussen stannar på torget i Kimito varannan vecka.",
        jitter_km=0.4,
    ),
    SiteDef(
        "otr-laitila",
        "Palvelubussin pysäkki, Laitilan tori",
        "400",
        "23800",
        "Keskuskatu 30",
        orgs=("vs-vslj", "vs-laitilan-perheet"),
        services=("on-the-road-bussi",),
        hours=(("MO", "14:00", "18:00", EVERY_OTHER_WEEK, BUS),),
        kind="outdoor_meeting_point",
        access=("step_free_access",),
        target_groups=("children", "young-people", "families"),
        jitter_km=0.4,
    ),
    SiteDef(
        "otr-uusikaupunki",
        "Palvelubussin pysäkki, Uudenkaupungin tori",
        "895",
        "23500",
        "Alinenkatu 20",
        orgs=("vs-vslj",),
        services=("on-the-road-bussi",),
        hours=(("FR", "12:00", "16:00", EVERY_OTHER_WEEK, BUS),),
        kind="outdoor_meeting_point",
        access=("step_free_access",),
        target_groups=("children", "young-people", "families"),
        jitter_km=0.4,
    ),
]

ALL_SITES = SITES + OUTREACH_SITES
assert len({s.key for s in ALL_SITES}) == len(ALL_SITES)  # noqa: S101

# Closed on these public holidays (month, day, Finnish name); Independence Eve closes early.
HOLIDAYS = [
    (12, 6, "Itsenäisyyspäivä"),
    (12, 24, "Jouluaatto"),
    (12, 25, "Joulupäivä"),
    (12, 26, "Tapaninpäivä"),
    (1, 1, "Uudenvuodenpäivä"),
    (1, 6, "Loppiainen"),
]
SHORT_DAYS = [(12, 5, "12:00", "Itsenäisyyspäivän aatto: suljetaan klo 12")]
