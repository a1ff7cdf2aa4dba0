"""Services offered at the demo's sites (peer groups, food aid, service guidance, counselling,
family cafés, homework help, the outreach bus), each by one demo organisation."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceDef:
    key: str
    org: str
    name_fi: str
    description_fi: str
    themes: tuple = ()
    target_groups: tuple = ("everyone",)
    languages: tuple = ("fi",)
    name_sv: str = ""
    description_sv: str = ""
    name_en: str = ""
    fees_fi: str = "Maksuton."
    access_fi: str = "Tule paikalle, ei ajanvarausta."


S = ServiceDef
SERVICES = [
    S(
        "martat-ruokahuolto",
        "h-martat",
        "Marttojen ruokakurssit ja neuvonta",
        "Edullisen ja terveellisen arkiruoan kursseja ja kotitalousneuvontaa.",
        themes=("poverty-food-aid",),
        name_en="Cooking courses and household advice",
    ),
    S(
        "mll-perhekahvila",
        "h-mll",
        "Perhekahvila",
        "Avoin kohtaamispaikka vauva- ja leikki-ikäisten lasten vanhemmille.",
        themes=("children-families", "peer-support"),
        target_groups=("families", "children"),
        name_en="Family café",
    ),
    S(
        "mll-laksykerho",
        "h-mll",
        "Läksykerho",
        "Vapaaehtoiset auttavat koululaisia läksyissä maanantaisin.",
        themes=("children-families",),
        target_groups=("children",),
        languages=("fi", "en"),
        name_en="Homework club",
    ),
    S(
        "spr-ystavatoiminta",
        "h-spr",
        "Ystävätoiminta",
        "Koulutettu vapaaehtoinen ystävä yksinäiselle, kotiin tai puhelimitse.",
        themes=("social-health", "elderly"),
        target_groups=("lonely", "older-people"),
        access_fi="Ota yhteyttä osastoon, niin etsimme sinulle ystävän.",
        name_en="Befriending",
    ),
    S(
        "spr-henkinen-tuki",
        "h-spr",
        "Henkinen tuki onnettomuuksissa",
        "Vapaaehtoinen henkisen tuen ryhmä on hälytettävissä onnettomuuksien ja kriisien jälkeen.",
        themes=("preparedness-safety", "mental-health"),
        target_groups=("people-in-crisis",),
        access_fi="Hälytetään viranomaisen pyynnöstä (Vapepa).",
        name_en="Psychosocial support after accidents",
    ),
    S(
        "seurakunta-ruoka-apu",
        "h-seurakunta",
        "Diakonian ruoka-apu",
        "Ruokakassit ja yhteinen ateria torstaisin yhdessä Ruokapankin kanssa.",
        themes=("poverty-food-aid", "diaconia"),
        name_en="Food aid",
    ),
    S(
        "seurakunta-keskiviikkokerho",
        "h-seurakunta",
        "Ikäihmisten keskiviikkokerho",
        "Kahvit, hartaus ja yhdessäoloa ikäihmisille.",
        themes=("elderly", "diaconia"),
        target_groups=("older-people",),
    ),
    S(
        "mt-olohuone",
        "h-mielenterveys",
        "Olohuone – matalan kynnyksen kohtaamispaikka",
        "Tule juomaan kahvit ja juttelemaan. Ei tarvitse ilmoittautua eikä kertoa nimeään.",
        themes=("mental-health", "peer-support"),
        target_groups=("lonely", "mental-health-rehabilitees"),
        name_en="The Living Room drop-in",
    ),
    S(
        "mt-vertaisryhma",
        "h-mielenterveys",
        "Mielenterveyskuntoutujien vertaisryhmä",
        "Keskusteluryhmä kokemusasiantuntijan ohjaamana.",
        themes=("mental-health", "peer-support"),
        target_groups=("mental-health-rehabilitees",),
    ),
    S(
        "omaishoitajat-vertaisryhma",
        "h-omaishoitajat",
        "Omaishoitajien vertaisryhmä",
        "Vertaistukea ja virkistystä omaishoitajille; hoidettavalle järjestetään "
        "tarvittaessa sijainen.",
        themes=("carers", "peer-support"),
        target_groups=("carers",),
        name_en="Peer group for family carers",
    ),
    S(
        "kyla-aamukahvit",
        "h-kv-vampula",
        "Kylän aamukahvit",
        "Aamukahvit kylätalolla, samalla kuulumiset ja kylän asiat.",
        themes=("village-local", "elderly"),
        target_groups=("everyone", "older-people"),
        name_en="Village morning coffee",
    ),
    S(
        "sampu-kylakahvila",
        "h-kv-sampu",
        "Sammun kyläkahvila",
        "Kyläkahvila ja kirpputori kylätalolla.",
        themes=("village-local",),
    ),
    S(
        "huhtamo-kylailta",
        "h-kv-huhtamo",
        "Huhtamon kyläilta",
        "Kyläilta: ajankohtaiset asiat, varautuminen ja talkoiden sopiminen.",
        themes=("village-local", "preparedness-safety"),
    ),
    S(
        "vanhustentuki-asiointi",
        "h-vanhustentuki",
        "Asiointiapu ja soittorinki",
        "Vapaaehtoiset soittavat ikäihmisille päivittäin ja auttavat kauppa-asioinnissa.",
        themes=("elderly",),
        target_groups=("older-people",),
        access_fi="Soita yhdistykseen, niin sovimme avusta.",
    ),
    S(
        "kohtaamo-palveluohjaus",
        "h-kohtaamo",
        "Järjestöjen palveluohjaus",
        "Neuvomme, mistä apua ja vertaistukea löytyy, ja autamme hakemuksissa.",
        themes=("peer-support",),
        languages=("fi", "en"),
        name_en="Service guidance",
    ),
    S(
        "monikulttuuri-kielikahvila",
        "h-monikulttuuri",
        "Kielikahvila",
        "Suomen kielen harjoittelua rennosti kahvikupin ääressä.",
        themes=("immigrants-integration",),
        target_groups=("immigrants",),
        languages=("fi", "en", "ar", "uk"),
        name_en="Language café",
    ),
    # Muonio
    S(
        "m-kylaolkkari",
        "m-kylayhdistys",
        "Kyläolkkari",
        "Avoin olohuone: kahvit, lehdet ja digitaitojen tukea tiistaisin.",
        themes=("village-local", "peer-support"),
        name_en="Village living room",
    ),
    S(
        "m-diakonia",
        "m-seurakunta",
        "Diakoniavastaanotto ja ruoka-apu",
        "Keskusteluapua ja ruoka-apua ajanvarauksella tai päivystysaikana.",
        themes=("diaconia", "poverty-food-aid"),
        access_fi="Päivystys keskiviikkoisin.",
    ),
    S(
        "m-ystavatoiminta",
        "m-spr",
        "Ystävätoiminta ja ensiapukurssit",
        "Ystävätoiminta ja ensiapukoulutukset Muoniossa.",
        themes=("social-health", "preparedness-safety"),
    ),
    S(
        "m-omaishoitajat",
        "m-omaishoitajat",
        "Omaishoitajien kahvila",
        "Vertaistukea omaishoitajille kerran kuussa.",
        themes=("carers",),
        target_groups=("carers",),
    ),
    S(
        "m-katkasuvanto-kylailta",
        "m-katkasuvanto",
        "Kätkäsuvannon kyläilta",
        "Kyläilta kylätalolla, myös varautumisasiat.",
        themes=("village-local",),
    ),
    # Elsewhere in Satakunta
    S(
        "pori-ystavatoiminta",
        "spr-pori",
        "Ystävätoiminta ja kotoutumisen tuki",
        "Ystävätoimintaa ja läksyapua maahanmuuttajataustaisille perheille.",
        themes=("immigrants-integration",),
        target_groups=("immigrants", "families"),
        languages=("fi", "en", "ar", "so"),
    ),
    S(
        "pori-mt-kohtaamo",
        "s-porin-mielenterveys",
        "Kohtaamispaikka ja vertaisryhmät",
        "Päivätoimintaa ja vertaisryhmiä.",
        themes=("mental-health",),
    ),
    S(
        "rauma-omaishoitajat",
        "s-rauman-omaishoitajat",
        "Omaishoitajien olohuone",
        "Vertaistukea ja neuvontaa omaishoitajille.",
        themes=("carers",),
        target_groups=("carers",),
    ),
    S(
        "kokemaki-ruoka-apu",
        "s-kokemaen-seurakunta",
        "Ruoka-apu",
        "Ruokakassien jako tiistaisin.",
        themes=("poverty-food-aid",),
    ),
    # Etelä-Savo (seed 001: low-threshold meeting places)
    S(
        "es-jarjestotalo-olkkari",
        "es-jarjestotalo",
        "Järjestötalon olohuone",
        "Matalan kynnyksen kohtaamispaikka: kahvia, seuraa ja järjestöjen neuvontaa.",
        themes=("peer-support",),
        name_en="Drop-in living room",
    ),
    S(
        "es-spr-kotoutuminen",
        "es-spr-mikkeli",
        "Kotoutumisen tuki ja kielikahvila",
        "Kielikahvila ja arjen neuvontaa.",
        themes=("immigrants-integration",),
        target_groups=("immigrants",),
        languages=("fi", "en", "ru", "uk"),
    ),
    S(
        "es-diakonia-ruoka-apu",
        "es-diakonia-mikkeli",
        "Yhteisöateria ja ruoka-apu",
        "Edullinen lounas ja ruokakassit.",
        themes=("poverty-food-aid", "diaconia"),
    ),
    S(
        "es-omaishoitajat-ryhma",
        "es-omaishoitajat",
        "Omaishoitajien vertaisryhmä",
        "Vertaisryhmä Mikkelissä ja Mäntyharjulla.",
        themes=("carers",),
        target_groups=("carers",),
    ),
    S(
        "es-savonlinna-kammari",
        "es-mielenterveys-savonlinna",
        "Kohtaamispaikka Kammari",
        "Avoin kohtaamispaikka ja vertaisryhmät.",
        themes=("mental-health", "peer-support"),
        target_groups=("lonely", "mental-health-rehabilitees"),
    ),
    S(
        "es-mll-perhekahvila",
        "es-mll-savonlinna",
        "Perhekahvila",
        "Perhekahvila torstaisin.",
        themes=("children-families",),
        target_groups=("families",),
    ),
    S(
        "es-pieksamaki-nuoret",
        "es-pieksamaen-kohtaamo",
        "Nuorten iltapäivä",
        "Nuorten kohtaamispaikka ja läksyapu.",
        themes=("youth",),
        target_groups=("young-people",),
    ),
    S(
        "es-martat-ruoka",
        "es-pieksamaen-martat",
        "Ruokaneuvonta",
        "Ruokakursseja ja neuvontaa.",
        themes=("poverty-food-aid",),
    ),
    S(
        "es-juva-kylatalo",
        "es-juvan-kylat",
        "Kylätalon avoimet ovet",
        "Kyläkahvila ja kylien yhteinen tiedotus.",
        themes=("village-local",),
    ),
    S(
        "es-kangasniemi-kerho",
        "es-kangasniemen-elakelaiset",
        "Eläkeläisten kerho",
        "Kerho ja tuolijumppa.",
        themes=("elderly",),
        target_groups=("older-people",),
    ),
    # Järjestöt on the Road (seed 003)
    S(
        "on-the-road-bussi",
        "vs-vslj",
        "Järjestöt on the Road -palvelubussi",
        "Liikkuva palvelubussi tuo lastensuojelujärjestöjen matalan kynnyksen palvelut "
        "lähelle: palveluohjausta, neuvontaa ja vertaisryhmiä lapsille, nuorille ja perheille.",
        themes=("children-families", "peer-support"),
        target_groups=("children", "young-people", "families"),
        languages=("fi", "sv", "en"),
        name_sv="Servicebussen Järjestöt on the Road",
        description_sv="Servicebussen för barnskyddsorganisationernas lågtröskeltjänster nära "
        "dig: servicehandledning, rådgivning och kamratgrupper för barn, unga och familjer.",
        name_en="'Järjestöt on the Road' service bus",
        access_fi="Tule bussille, ei ajanvarausta. Yksilöajan voi varata etukäteen.",
    ),
    S(
        "kimitoon-familjecafe",
        "vs-mll-kimitoon",
        "Perhekahvila",
        "Perhekahvila Kemiössä.",
        themes=("children-families",),
        target_groups=("families",),
        languages=("sv", "fi"),
        name_sv="Familjecafé",
        description_sv="Familjecafé i Kimito.",
    ),
]

SERVICES_BY_KEY = {s.key: s for s in SERVICES}
assert len(SERVICES_BY_KEY) == len(SERVICES)  # noqa: S101
