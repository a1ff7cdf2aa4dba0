"""Fictional people for the demo: plausible Finnish and Finland-Swedish names (demo/names.json),
fictional phone numbers (+358 50 555 xxxx) and e-mail addresses at example.fi. Deterministic
for a given seed."""

import random
import unicodedata

from .files import read_json

STYLES = {
    style: (tuple(names["first"]), tuple(names["last"]))
    for style, names in read_json("names.json")["styles"].items()
}
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
