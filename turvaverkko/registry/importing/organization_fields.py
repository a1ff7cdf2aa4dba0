"""What an organisation import reads: the fields with their fi/sv/en header synonyms, and the
words people write in a "type" column."""

from django.utils.translation import gettext_lazy

from turvaverkko.importing.base import ImportField

from ..models import Organization

Kind = Organization.Kind

# Words people write in a "type" column, besides the choices' own labels.
KIND_SYNONYMS = {
    "yhdistys": Kind.ASSOCIATION,
    "järjestö": Kind.ASSOCIATION,
    "ry": Kind.ASSOCIATION,
    "förening": Kind.ASSOCIATION,
    "kyläyhdistys": Kind.VILLAGE_ASSOCIATION,
    "kylätoimikunta": Kind.VILLAGE_ASSOCIATION,
    "byaförening": Kind.VILLAGE_ASSOCIATION,
    "spr": Kind.RED_CROSS_BRANCH,
    "spr n osasto": Kind.RED_CROSS_BRANCH,
    "punainen risti": Kind.RED_CROSS_BRANCH,
    "röda korset": Kind.RED_CROSS_BRANCH,
    "seurakunta": Kind.PARISH,
    "församling": Kind.PARISH,
    "kunta": Kind.MUNICIPAL_UNIT,
    "kunnan yksikkö": Kind.MUNICIPAL_UNIT,
    "kommun": Kind.MUNICIPAL_UNIT,
    "hyvinvointialue": Kind.WELLBEING_COUNTY,
    "välfärdsområde": Kind.WELLBEING_COUNTY,
    "pelastuslaitos": Kind.RESCUE_DEPARTMENT,
    "räddningsverk": Kind.RESCUE_DEPARTMENT,
    "virasto": Kind.STATE_AGENCY,
    "valtion virasto": Kind.STATE_AGENCY,
    "myndighet": Kind.STATE_AGENCY,
    "yritys": Kind.COMPANY,
    "företag": Kind.COMPANY,
    "muu": Kind.OTHER,
    "annan": Kind.OTHER,
}

FIELDS = (
    ImportField(
        "name",
        gettext_lazy("Name"),
        (
            "nimi",
            "yhdistyksen nimi",
            "järjestön nimi",
            "organisaation nimi",
            "namn",
            "föreningens namn",
            "organisationens namn",
            "organisation name",
            "organization name",
            "association name",
        ),
        required=True,
    ),
    ImportField(
        "name_sv",
        gettext_lazy("Name in Swedish"),
        ("nimi ruotsiksi", "ruotsinkielinen nimi", "namn på svenska", "svenskt namn"),
    ),
    ImportField("name_en", gettext_lazy("Name in English"), ("nimi englanniksi", "english name")),
    ImportField(
        "kind",
        gettext_lazy("Type"),
        ("tyyppi", "organisaation tyyppi", "järjestötyyppi", "typ", "kind"),
    ),
    ImportField(
        "business_id",
        gettext_lazy("Y-tunnus"),
        ("y-tunnus", "ytunnus", "fo-nummer", "business id", "business identity code"),
    ),
    ImportField(
        "association_number",
        gettext_lazy("Association register number"),
        (
            "yhdistysrekisterinumero",
            "rekisterinumero",
            "yhdistysnumero",
            "föreningsregisternummer",
            "registernummer",
            "association number",
            "register number",
        ),
    ),
    ImportField(
        "municipalities",
        gettext_lazy("Municipalities"),
        (
            "kunta",
            "kunnat",
            "toimintakunnat",
            "kotikunta",
            "hemkommun",
            "home municipality",
            "kommun",
            "kommuner",
            "municipality",
        ),
        required=True,
        help_text=gettext_lazy("Codes (102) or names in Finnish or Swedish; several with ;"),
    ),
    ImportField(
        "contact_name",
        gettext_lazy("Contact person"),
        ("yhteyshenkilö", "yhteyshenkilön nimi", "kontaktperson", "contact", "contact name"),
    ),
    ImportField(
        "contact_email",
        gettext_lazy("Contact person's e-mail"),
        (
            "sähköposti",
            "yhteyshenkilön sähköposti",
            "e-post",
            "epost",
            "e-mail",
            "email",
            "contact email",
        ),
    ),
    ImportField(
        "contact_phone",
        gettext_lazy("Contact person's phone"),
        (
            "puhelin",
            "puhelinnumero",
            "yhteyshenkilön puhelin",
            "telefon",
            "telefonnummer",
            "phone",
            "telephone",
            "contact phone",
        ),
    ),
    ImportField(
        "org_email",
        gettext_lazy("Public e-mail of the organisation"),
        ("julkinen sähköposti", "yhdistyksen sähköposti", "offentlig e-post", "public email"),
    ),
    ImportField(
        "org_phone",
        gettext_lazy("Public phone of the organisation"),
        ("julkinen puhelin", "yhdistyksen puhelin", "offentlig telefon", "public phone"),
    ),
    ImportField(
        "website",
        gettext_lazy("Website"),
        ("verkkosivut", "kotisivut", "kotisivu", "www", "webbplats", "hemsida", "web", "url"),
    ),
    ImportField(
        "themes",
        gettext_lazy("Themes"),
        (
            "teemat",
            "teema",
            "toiminnan teemat",
            "toimiala",
            "toiminta-ala",
            "teman",
            "tema",
            "verksamhetsområde",
            "theme",
            "field",
        ),
    ),
    ImportField(
        "target_groups",
        gettext_lazy("Target groups"),
        ("kohderyhmät", "kohderyhmä", "målgrupper", "målgrupp", "target group"),
    ),
    ImportField(
        "description",
        gettext_lazy("Description"),
        ("kuvaus", "toiminnan kuvaus", "beskrivning"),
    ),
)
