"""Finland's regional classifications as Turvaverkko uses them: regions (maakunnat), wellbeing
services counties (hyvinvointialueet) with their fi/sv/en names, which county each municipality
belongs to, and the language status of municipalities. Sources: docs/reference-data.md."""

# Maakunnat (Statistics Finland codes MK01..MK21; there is no MK03): fi, sv, en.
REGIONS = {
    "MK01": ("Uusimaa", "Nyland", "Uusimaa"),
    "MK02": ("Varsinais-Suomi", "Egentliga Finland", "Southwest Finland"),
    "MK04": ("Satakunta", "Satakunda", "Satakunta"),
    "MK05": ("Kanta-Häme", "Egentliga Tavastland", "Kanta-Häme"),
    "MK06": ("Pirkanmaa", "Birkaland", "Pirkanmaa"),
    "MK07": ("Päijät-Häme", "Päijänne-Tavastland", "Päijät-Häme"),
    "MK08": ("Kymenlaakso", "Kymmenedalen", "Kymenlaakso"),
    "MK09": ("Etelä-Karjala", "Södra Karelen", "South Karelia"),
    "MK10": ("Etelä-Savo", "Södra Savolax", "South Savo"),
    "MK11": ("Pohjois-Savo", "Norra Savolax", "North Savo"),
    "MK12": ("Pohjois-Karjala", "Norra Karelen", "North Karelia"),
    "MK13": ("Keski-Suomi", "Mellersta Finland", "Central Finland"),
    "MK14": ("Etelä-Pohjanmaa", "Södra Österbotten", "South Ostrobothnia"),
    "MK15": ("Pohjanmaa", "Österbotten", "Ostrobothnia"),
    "MK16": ("Keski-Pohjanmaa", "Mellersta Österbotten", "Central Ostrobothnia"),
    "MK17": ("Pohjois-Pohjanmaa", "Norra Österbotten", "North Ostrobothnia"),
    "MK18": ("Kainuu", "Kajanaland", "Kainuu"),
    "MK19": ("Lappi", "Lappland", "Lapland"),
    "MK21": ("Ahvenanmaa", "Åland", "Åland"),
}

# Posti's "hallintoalue" names the regions, except that Uusimaa is called Helsinki-Uusimaa.
POSTI_AREA_TO_REGION = {names[0]: code for code, names in REGIONS.items()}
POSTI_AREA_TO_REGION["Helsinki-Uusimaa"] = "MK01"

# Hyvinvointialueet (Statistics Finland codes); 90 and 91 are not counties but are coded alike.
COUNTIES = {
    "01": (
        "Itä-Uudenmaan hyvinvointialue",
        "Östra Nylands välfärdsområde",
        "East Uusimaa wellbeing services county",
    ),
    "02": (
        "Keski-Uudenmaan hyvinvointialue",
        "Mellersta Nylands välfärdsområde",
        "Central Uusimaa wellbeing services county",
    ),
    "03": (
        "Länsi-Uudenmaan hyvinvointialue",
        "Västra Nylands välfärdsområde",
        "West Uusimaa wellbeing services county",
    ),
    "04": (
        "Vantaan ja Keravan hyvinvointialue",
        "Vanda och Kervo välfärdsområde",
        "Vantaa and Kerava wellbeing services county",
    ),
    "05": (
        "Varsinais-Suomen hyvinvointialue",
        "Egentliga Finlands välfärdsområde",
        "Southwest Finland wellbeing services county",
    ),
    "06": (
        "Satakunnan hyvinvointialue",
        "Satakunta välfärdsområde",
        "Satakunta wellbeing services county",
    ),
    "07": (
        "Kanta-Hämeen hyvinvointialue",
        "Egentliga Tavastlands välfärdsområde",
        "Kanta-Häme wellbeing services county",
    ),
    "08": (
        "Pirkanmaan hyvinvointialue",
        "Birkalands välfärdsområde",
        "Pirkanmaa wellbeing services county",
    ),
    "09": (
        "Päijät-Hämeen hyvinvointialue",
        "Päijänne-Tavastlands välfärdsområde",
        "Päijät-Häme wellbeing services county",
    ),
    "10": (
        "Kymenlaakson hyvinvointialue",
        "Kymmenedalens välfärdsområde",
        "Kymenlaakso wellbeing services county",
    ),
    "11": (
        "Etelä-Karjalan hyvinvointialue",
        "Södra Karelens välfärdsområde",
        "South Karelia wellbeing services county",
    ),
    "12": (
        "Etelä-Savon hyvinvointialue",
        "Södra Savolax välfärdsområde",
        "South Savo wellbeing services county",
    ),
    "13": (
        "Pohjois-Savon hyvinvointialue",
        "Norra Savolax välfärdsområde",
        "North Savo wellbeing services county",
    ),
    "14": (
        "Pohjois-Karjalan hyvinvointialue",
        "Norra Karelens välfärdsområde",
        "North Karelia wellbeing services county",
    ),
    "15": (
        "Keski-Suomen hyvinvointialue",
        "Mellersta Finlands välfärdsområde",
        "Central Finland wellbeing services county",
    ),
    "16": (
        "Etelä-Pohjanmaan hyvinvointialue",
        "Södra Österbottens välfärdsområde",
        "South Ostrobothnia wellbeing services county",
    ),
    "17": (
        "Pohjanmaan hyvinvointialue",
        "Österbottens välfärdsområde",
        "Ostrobothnia wellbeing services county",
    ),
    "18": (
        "Keski-Pohjanmaan hyvinvointialue",
        "Mellersta Österbottens välfärdsområde",
        "Central Ostrobothnia wellbeing services county",
    ),
    "19": (
        "Pohjois-Pohjanmaan hyvinvointialue",
        "Norra Österbottens välfärdsområde",
        "North Ostrobothnia wellbeing services county",
    ),
    "20": (
        "Kainuun hyvinvointialue",
        "Kajanalands välfärdsområde",
        "Kainuu wellbeing services county",
    ),
    "21": (
        "Lapin hyvinvointialue",
        "Lapplands välfärdsområde",
        "Lapland wellbeing services county",
    ),
    "90": ("Helsingin kaupunki", "Helsingfors stad", "City of Helsinki"),
    "91": ("Ahvenanmaa", "Åland", "Åland"),
}

# Counties follow the region, except in Uusimaa, which has four counties and Helsinki.
REGION_TO_COUNTY = {
    "MK02": "05",
    "MK04": "06",
    "MK05": "07",
    "MK06": "08",
    "MK07": "09",
    "MK08": "10",
    "MK09": "11",
    "MK10": "12",
    "MK11": "13",
    "MK12": "14",
    "MK13": "15",
    "MK14": "16",
    "MK15": "17",
    "MK16": "18",
    "MK17": "19",
    "MK18": "20",
    "MK19": "21",
    "MK21": "91",
}
UUSIMAA_COUNTIES = {
    "01": ("018", "407", "434", "504", "638", "616", "753"),
    "02": ("106", "186", "505", "543", "611", "858"),
    "03": ("049", "078", "149", "224", "235", "257", "444", "710", "755", "927"),
    "04": ("092", "245"),
    "90": ("091",),
}
UUSIMAA_MUNICIPALITY_TO_COUNTY = {
    muni: county for county, munis in UUSIMAA_COUNTIES.items() for muni in munis
}

# Posti's language code (municipal_language_ratio_code): 1 Finnish, 2 bilingual with a Finnish
# majority, 3 bilingual with a Swedish majority, 4 Swedish.
POSTI_LANGUAGE = {"1": "fi", "2": "fi-sv", "3": "sv-fi", "4": "sv"}
# Posti's file marks every bilingual municipality 2 and is out of date for Närpiö (4; bilingual
# since 2016) and Pedersöre (1). The Government Decree on the language status of municipalities
# 2023–2032 (unchanged from 2013–2022 apart from Korsnäs, Luoto and Närpiö becoming bilingual in
# 2015–2016) makes these 15 municipalities bilingual with a Swedish majority:
SWEDISH_MAJORITY_BILINGUAL = {
    "149": "Inkoo",
    "280": "Korsnäs",
    "287": "Kristiinankaupunki",
    "288": "Kruunupyy",
    "322": "Kemiönsaari",
    "440": "Luoto",
    "445": "Parainen",
    "475": "Maalahti",
    "499": "Mustasaari",
    "545": "Närpiö",
    "598": "Pietarsaari",
    "599": "Pedersöre",
    "710": "Raasepori",
    "893": "Uusikaarlepyy",
    "946": "Vöyri",
}


def county_for(municipality_code: str, region_code: str) -> str:
    if region_code == "MK01":
        return UUSIMAA_MUNICIPALITY_TO_COUNTY[municipality_code]
    return REGION_TO_COUNTY[region_code]


def language_for(municipality_code: str, posti_code: str, region_code: str) -> str:
    if region_code == "MK21":
        return "sv"  # the Language Act does not apply in Åland: all municipalities Swedish
    if municipality_code in SWEDISH_MAJORITY_BILINGUAL:
        return "sv-fi"
    return POSTI_LANGUAGE[posti_code]
