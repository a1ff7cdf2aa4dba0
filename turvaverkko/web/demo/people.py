"""Fictional people for the demo: plausible Finnish and Finland-Swedish names, fictional phone
numbers (+358 50 555 xxxx) and e-mail addresses at example.fi. Deterministic for a given seed."""

import random
import unicodedata

FIRST_NAMES_FI = [
    "Aino", "Anna", "Anne", "Antti", "Eila", "Eero", "Elina", "Hannu", "Heidi", "Heikki",
    "Helena", "Irma", "Jari", "Johanna", "Jorma", "Juha", "Jukka", "Kari", "Katja", "Kirsi",
    "Laura", "Leena", "Liisa", "Maija", "Marja", "Markku", "Matti", "Merja", "Minna", "Outi",
    "Paula", "Pekka", "Päivi", "Raija", "Riitta", "Sari", "Seppo", "Simo", "Sirpa", "Tapio",
    "Tarja", "Teemu", "Tiina", "Timo", "Tuula", "Tuomas", "Ulla-Maija", "Veikko", "Virpi",
]  # fmt: skip
LAST_NAMES_FI = [
    "Ahonen", "Alanen", "Hakala", "Hämäläinen", "Heinonen", "Hietala", "Jokinen", "Kallio",
    "Karjalainen", "Kinnunen", "Koskinen", "Laaksonen", "Lahtinen", "Laine", "Lehtinen",
    "Leino", "Lindroos", "Mattila", "Mäkelä", "Mäkinen", "Nieminen", "Nurmi", "Ojala",
    "Peltonen", "Rantanen", "Salminen", "Salo", "Savolainen", "Suominen", "Tuominen",
    "Turunen", "Vainio", "Valtonen", "Vuorinen",
]  # fmt: skip
# Northern surnames for Muonio and Lapland.
LAST_NAMES_NORTH = [
    "Aska", "Hietanen", "Kangosjärvi", "Kuru", "Lehtola", "Niva", "Ollila", "Palo",
    "Peltovuoma", "Rova", "Tapio", "Ylitalo", "Yliniemi", "Kivilompolo", "Hetta",
]  # fmt: skip
FIRST_NAMES_SV = [
    "Anders", "Annika", "Birgitta", "Camilla", "Erik", "Gunilla", "Henrik", "Ingrid",
    "Johan", "Karin", "Lars", "Linnea", "Mikael", "Monica", "Nils", "Sofia", "Stefan",
]  # fmt: skip
LAST_NAMES_SV = [
    "Andersson", "Blomqvist", "Ekholm", "Eriksson", "Holmberg", "Johansson", "Lindholm",
    "Lindqvist", "Nyström", "Sjöblom", "Söderlund", "Westerlund",
]  # fmt: skip

STYLES = {
    "fi": (FIRST_NAMES_FI, LAST_NAMES_FI),
    "north": (FIRST_NAMES_FI, LAST_NAMES_NORTH),
    "sv": (FIRST_NAMES_SV, LAST_NAMES_SV),
}

# Traficom reserves no fiction range for Finnish mobiles; 050 555 xxxx is the demo's convention.
PHONE_PREFIX = "+35850555"


def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in folded if c.isalnum() and c.isascii() or c in ".-")


class NameBook:
    """Hands out unique full names, e-mail addresses and phone numbers."""

    def __init__(self, seed: int, reserved: set[str] = frozenset()):
        self.random = random.Random(seed)
        self.pools = {}
        for style, (firsts, lasts) in STYLES.items():
            pool = [(f, s) for f in firsts for s in lasts]
            self.random.shuffle(pool)
            self.pools[style] = pool
        self.used = set(reserved)
        self.next_phone = {"contact": 1000, "volunteer": 5000, "organisation": 8000}

    def person(self, style: str = "fi") -> tuple[str, str]:
        pool = self.pools[style]
        while pool:
            first, last = pool.pop()
            if f"{first} {last}" not in self.used:
                self.used.add(f"{first} {last}")
                return first, last
        raise RuntimeError(f"out of {style} names")

    def phone(self, kind: str) -> str:
        number = self.next_phone[kind]
        self.next_phone[kind] += 1
        return f"{PHONE_PREFIX}{number:04d}"

    @staticmethod
    def email(first: str, last: str) -> str:
        return f"{ascii_slug(first)}.{ascii_slug(last)}@example.fi"
