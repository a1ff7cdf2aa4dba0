"""Organisations around the two Pärjätään yhdessä networks: the Etelä-Savo partnership
(seed 001), the Järjestöt on the Road partners (seed 003), other Satakunta actors and the
public bodies. Also the `Org` record that network.py uses. All fictional (see network.py).
"""

from dataclasses import dataclass

HUITTINEN, MUONIO = "102", "498"


@dataclass(frozen=True)
class Org:
    key: str
    name_fi: str
    kind: str = "association"
    municipalities: tuple = (HUITTINEN,)
    themes: tuple = ()
    target_groups: tuple = ()
    name_sv: str = ""
    description_fi: str = ""
    description_sv: str = ""
    # Generated Y-tunnus / association register number (fictional ranges).
    registered: bool = True
    parent: str = ""
    name_style: str = "fi"
    contact_titles: tuple = ("puheenjohtaja", "varapuheenjohtaja", "sihteeri")


def _assoc(key, name, themes, groups, **kw):
    return Org(key, name, themes=tuple(themes), target_groups=tuple(groups), **kw)


def _village(key, name, **kw):
    return Org(
        key,
        name,
        kind="village_association",
        themes=("village-local", "preparedness-safety"),
        target_groups=("everyone",),
        description_fi=(
            "Kyläyhdistys ylläpitää kylätaloa, järjestää kylätapahtumia ja talkoita "
            "ja on mukana kylän turvallisuussuunnittelussa."
        ),
        **kw,
    )


ETELA_SAVO = [
    _assoc(
        "es-jarjestotalo",
        "Mikkelin Järjestötalo ry",
        ["peer-support", "social-health"],
        ["everyone"],
        municipalities=("491",),
        description_fi="Matalan kynnyksen kohtaamispaikka ja järjestöjen yhteinen talo.",
    ),
    Org(
        "es-spr-mikkeli",
        "Suomen Punaisen Ristin Mikkelin osasto",
        kind="red_cross_branch",
        municipalities=("491",),
        themes=("preparedness-safety", "immigrants-integration"),
        target_groups=("everyone", "immigrants"),
    ),
    Org(
        "es-diakonia-mikkeli",
        "Mikkelin tuomiokirkkoseurakunta",
        kind="parish",
        municipalities=("491",),
        registered=False,
        themes=("diaconia", "poverty-food-aid"),
        target_groups=("everyone",),
        contact_titles=("diakoniatyöntekijä", "diakoniajohtaja"),
    ),
    _assoc(
        "es-omaishoitajat",
        "Mikkelin Seudun Omaishoitajat ry",
        ["carers", "peer-support"],
        ["carers"],
        municipalities=("491", "507", "213"),
    ),
    _assoc(
        "es-mielenterveys-savonlinna",
        "Savonlinnan Mielenterveysseura ry",
        ["mental-health", "peer-support"],
        ["mental-health-rehabilitees", "lonely"],
        municipalities=("740",),
    ),
    _assoc(
        "es-mll-savonlinna",
        "MLL:n Savonlinnan yhdistys ry",
        ["children-families"],
        ["families", "children"],
        municipalities=("740",),
    ),
    _assoc(
        "es-pieksamaen-martat",
        "Pieksämäen Martat ry",
        ["poverty-food-aid"],
        ["everyone"],
        municipalities=("593",),
    ),
    _assoc(
        "es-pieksamaen-kohtaamo",
        "Pieksämäen Kohtaamo ry",
        ["peer-support", "youth"],
        ["young-people", "lonely"],
        municipalities=("593",),
    ),
    _village("es-juvan-kylat", "Juvan Kylät ry", municipalities=("178",)),
    _assoc(
        "es-kangasniemen-elakelaiset",
        "Kangasniemen Eläkeläiset ry",
        ["elderly"],
        ["older-people"],
        municipalities=("213",),
    ),
]

ON_THE_ROAD = [
    _assoc(
        "vs-vslj",
        "Varsinais-Suomen Lastensuojelujärjestöt ry",
        ["children-families", "peer-support"],
        ["children", "young-people", "families"],
        municipalities=("853", "322", "400", "895"),
        registered=False,
        name_sv="Egentliga Finlands barnskyddsorganisationer rf",
        description_fi="Lastensuojelujärjestöjen yhteistyöjärjestö. Järjestöt on the Road "
        "-palvelubussi vie järjestöjen matalan kynnyksen palveluja Turun Runosmäkeen ja "
        "Jäkärlä-Maariaan, Kemiönsaareen, Laitilaan ja Uuteenkaupunkiin.",
        description_sv="Samarbetsorganisation för barnskyddsorganisationer. Servicebussen "
        "Järjestöt on the Road för organisationernas lågtröskeltjänster till Runosbacken "
        "och Jäkärlä-S:t Marie i Åbo, Kimitoön, Letala och Nystad.",
    ),
    _assoc(
        "vs-mll-kimitoon",
        "MLL:n Kemiönsaaren yhdistys ry",
        ["children-families"],
        ["families"],
        municipalities=("322",),
        name_sv="MLL Kimitoöns lokalförening rf",
        name_style="sv",
    ),
    _assoc(
        "vs-kimitoon-marthor",
        "Kemiönsaaren Martat ry",
        ["poverty-food-aid"],
        ["everyone"],
        municipalities=("322",),
        name_sv="Kimitoöns Marthaförening rf",
        name_style="sv",
    ),
    _assoc(
        "vs-runosmaen-asukkaat",
        "Runosmäen Asukasyhdistys ry",
        ["village-local", "immigrants-integration"],
        ["everyone", "immigrants"],
        municipalities=("853",),
        name_sv="Runosbackens invånarförening rf",
    ),
    _assoc(
        "vs-laitilan-perheet",
        "Laitilan Perheentalo ry",
        ["children-families"],
        ["families"],
        municipalities=("400",),
    ),
]

SATAKUNTA_OTHERS = [
    Org(
        "spr-satakunta",
        "Suomen Punaisen Ristin Satakunnan piiri",
        kind="red_cross_branch",
        municipalities=("609", "684", "102", "271", "050"),
        registered=False,
        themes=("preparedness-safety",),
        target_groups=("everyone",),
        description_fi="Punaisen Ristin piiri: osastojen tuki, valmiustoiminta ja Vapepa.",
    ),
    Org(
        "spr-pori",
        "Suomen Punaisen Ristin Porin osasto",
        kind="red_cross_branch",
        municipalities=("609",),
        parent="spr-satakunta",
        themes=("preparedness-safety", "immigrants-integration"),
        target_groups=("everyone",),
    ),
    _assoc(
        "s-porin-mielenterveys",
        "Porin Mielenterveysyhdistys ry",
        ["mental-health"],
        ["mental-health-rehabilitees"],
        municipalities=("609",),
    ),
    _assoc(
        "s-rauman-omaishoitajat",
        "Rauman Seudun Omaishoitajat ry",
        ["carers"],
        ["carers"],
        municipalities=("684",),
    ),
    Org(
        "s-kokemaen-seurakunta",
        "Kokemäen seurakunta",
        kind="parish",
        municipalities=("271",),
        registered=False,
        themes=("diaconia", "poverty-food-aid"),
        target_groups=("everyone",),
        contact_titles=("diakoniatyöntekijä", "kirkkoherra"),
    ),
    _village("s-kauttuan-kylayhdistys", "Kauttuan Kyläyhdistys ry", municipalities=("050",)),
]

PUBLIC_BODIES = [
    Org(
        "spr-lappi",
        "Suomen Punaisen Ristin Lapin piiri",
        kind="red_cross_branch",
        municipalities=("698", MUONIO, "261", "273"),
        registered=False,
        themes=("preparedness-safety",),
        target_groups=("everyone",),
        name_style="north",
    ),
    Org(
        "pub-huittinen",
        "Huittisten kaupunki",
        kind="municipal_unit",
        registered=False,
        themes=("preparedness-safety",),
        target_groups=("everyone",),
        contact_titles=("valmiuspäällikkö", "hyvinvointikoordinaattori"),
    ),
    Org(
        "pub-muonio",
        "Muonion kunta",
        kind="municipal_unit",
        municipalities=(MUONIO,),
        registered=False,
        themes=("preparedness-safety",),
        target_groups=("everyone",),
        name_style="north",
        contact_titles=("kunnanjohtaja", "hyvinvointikoordinaattori"),
    ),
    Org(
        "pub-satakunnan-hva",
        "Satakunnan hyvinvointialue",
        kind="wellbeing_county",
        municipalities=("609", "684", HUITTINEN, "271", "050"),
        registered=False,
        themes=("social-health",),
        target_groups=("everyone",),
        name_sv="Satakunta välfärdsområde",
        contact_titles=("valmiuspäällikkö", "järjestöyhteistyön koordinaattori"),
    ),
    Org(
        "pub-satakunnan-pelastuslaitos",
        "Satakunnan pelastuslaitos",
        kind="rescue_department",
        municipalities=("609", "684", HUITTINEN, "271", "050"),
        registered=False,
        themes=("preparedness-safety",),
        target_groups=("everyone",),
        contact_titles=("varautumispäällikkö", "päivystävä palomestari"),
    ),
    Org(
        "pub-lapin-pelastuslaitos",
        "Lapin pelastuslaitos",
        kind="rescue_department",
        municipalities=("698", MUONIO, "261", "273"),
        registered=False,
        themes=("preparedness-safety",),
        target_groups=("everyone",),
        name_style="north",
        contact_titles=("varautumispäällikkö", "päivystävä palomestari"),
    ),
]
