"""The sub-records of an HSDS location that become fields of our Site: its address (one is
modelled; the region follows the municipality) and its accessibility (our flags, by name or
label in any language, and free-text notes). Part of the Mapper (mapping.py)."""

import re

from turvaverkko.areas.models import Municipality, PostalCode

from . import fields as f
from . import spec
from .problems import Problems


def _flag_key(text: str) -> str:
    return "_".join(text.casefold().replace("-", " ").replace("_", " ").split())


# Our flag names and their labels in fi/sv/en, as keys of _flag_key form.
FLAG_NAMES = {
    _flag_key(name): flag
    for flag, labels in spec.ACCESSIBILITY_FLAGS.items()
    for name in (flag, *labels.values())
}


def accessibility_flags(text: str) -> list[str]:
    """Our flags named in `text` ("step_free_access, induction loop", "Esteetön WC"), or []
    unless every comma- or semicolon-separated part names one."""
    parts = [p for p in re.split(r"[,;]", text or "") if p.strip()]
    flags = [FLAG_NAMES.get(_flag_key(p)) for p in parts]
    return [flag for flag in flags if flag] if parts and all(flags) else []


class LocationParts:
    """The Mapper's readers of a location's address and accessibility rows."""

    p: Problems

    def address(self, rows, plans: dict):
        chosen = {}
        for row in rows:
            owner = f.text(row.data.get("location_id"))
            if owner not in plans:
                self.p.warn("address of an unknown location was skipped", row.source)
                continue
            kind = f.text(row.data.get("address_type")) or "physical"
            if owner in chosen and not (kind == "physical" and chosen[owner][0] != "physical"):
                self.p.warn("location has more than one address; only one is modelled", row.source)
                continue
            chosen[owner] = (kind, row)
        for owner, (_, row) in chosen.items():
            plan, d = plans[owner], row.data
            street = ", ".join(
                p for p in (f.text(d.get("address_1")), f.text(d.get("address_2"))) if p
            )
            postal = f.text(d.get("postal_code"))
            country = f.text(d.get("country")).upper() or "FI"
            if postal and not (len(postal) == 5 and postal.isdigit()):
                self.p.warn(
                    "address.postal_code is not a Finnish postal code; kept in the street address",
                    row.source,
                )
                street, postal = f"{street}, {postal}", ""
            if country != "FI":
                self.p.warn("address.country is not FI; kept in the street address", row.source)
                street = f"{street}, {country}"
            if f.text(d.get("attention")):
                self.p.warn("address.attention is not modelled and was not imported", row.source)
            if len(street) > 200:
                self.p.error(row.source, "address_1", "longer than 200 characters.")
            plan.values.update(
                street_address=street, postal_code=postal, city=f.text(d.get("city"))
            )
            if postal and "municipality_id" not in plan.values:
                found = PostalCode.objects.filter(code=postal).values_list(
                    "municipality_id", flat=True
                )
                plan.values["municipality_id"] = found[0] if found else None
            self._region(row, plan.values.get("municipality_id"))
            if plan.extra.get("needs_name") and street:
                plan.values["name_fi"] = street
                plan.extra.pop("needs_name")

    def _region(self, row, municipality) -> None:
        """state_province and region: we serve the region (maakunta) of the site's
        municipality; a different or unplaceable one given here is reported, not lost."""
        names = set()
        if municipality:
            region = Municipality.objects.filter(code=municipality).values_list(
                "region__name_fi", "region__name_sv", "region__name_en"
            )
            names = {n.casefold() for n in (region[0] if region else ()) if n}
        for column in ("state_province", "region"):
            given = f.text(row.data.get(column))
            if given and given.casefold() not in names:
                self.p.warn(
                    f"address.{column} is not modelled (the region follows the municipality) "
                    "and was not imported",
                    row.source,
                )

    def accessibility(self, rows, plans: dict):
        notes: dict[str, list[str]] = {}
        for row in rows:
            owner = f.text(row.data.get("location_id"))
            plan = plans.get(owner)
            if plan is None:
                self.p.warn("accessibility of an unknown location was skipped", row.source)
                continue
            details = f.text(row.data.get("details"))
            description = f.text(row.data.get("description"))
            flags = accessibility_flags(details) or accessibility_flags(description)
            if flags:
                for flag in flags:
                    plan.values[flag] = True
                # The other field is the flag's label (our export) or a note worth keeping.
                other = description if accessibility_flags(details) else details
                if other and not accessibility_flags(other):
                    notes.setdefault(owner, []).append(other)
                continue
            if f.text(row.data.get("url")):
                self.p.warn("accessibility.url is not modelled and was not imported", row.source)
            text = "\n\n".join(p for p in (description, details) if p)
            notes.setdefault(owner, []).append(text)
        for owner, plan in plans.items():
            if "accessibility" in plan.extra.get("declared", ()):
                for flag in spec.ACCESSIBILITY_FLAGS:
                    plan.values.setdefault(flag, False)
                if owner in notes and not plan.values.get("accessibility_notes_fi"):
                    plan.values["accessibility_notes_fi"] = "\n\n".join(notes[owner])
                plan.values.setdefault("accessibility_notes_fi", "")
