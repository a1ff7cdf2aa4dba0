"""Importing organisations from a spreadsheet (e.g. a survey export of a local network)."""

import difflib
import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from turvaverkko.areas.models import Municipality
from turvaverkko.importing.base import (
    Decision,
    Duplicate,
    ManagedList,
    RowResult,
    StagedImporter,
    did_you_mean,
    normalise_header,
)

from ..models import ContactPerson, Organization, TaxonomyTerm
from ..reference import term_id
from ..rules import coordinated_municipality_codes, is_admin
from ..validators import normalise_association_number, normalise_business_id, normalise_phone
from .organization_fields import FIELDS, KIND_SYNONYMS

Kind = Organization.Kind

# Scalar model fields filled from a column of the same meaning.
SCALAR_FIELDS = {
    "name": "name_fi",
    "name_sv": "name_sv",
    "name_en": "name_en",
    "business_id": "business_id",
    "association_number": "association_number",
    "org_email": "email",
    "org_phone": "phone",
    "website": "website",
    "description": "description_fi",
}


def normalise_name(name: str) -> str:
    """'Huittisten Martat r.y.' and 'HUITTISTEN MARTAT RY' → 'huittisten martat'."""
    tokens = normalise_header(name).split()
    if tokens[-2:] in (["r", "y"], ["r", "f"]):
        tokens = tokens[:-2]
    while tokens and tokens[-1] in ("ry", "rf"):
        tokens.pop()
    return " ".join(tokens)


def split_list(value: str, separators=r"[;\n]+") -> list[str]:
    return [part.strip() for part in re.split(separators, value or "") if part.strip()]


# Two names this similar (difflib ratio, after normalise_name) in the same municipality are
# offered as a possible duplicate: "Vampulan kyläyhdistys" and "Vampulan kylayhdistys".
NEAR_NAME_RATIO = 0.88


def _terms(taxonomy):
    def terms() -> dict[str, tuple[str, str]]:
        index: dict[str, tuple[str, str]] = {}
        for term in TaxonomyTerm.objects.filter(taxonomy=taxonomy):
            for key in (term.code, term.name_fi, term.name_sv, term.name_en):
                if key:
                    index[key.casefold()] = (str(term.pk), str(term))
        return index

    return terms


def _create_term(taxonomy):
    def create(name: str) -> str:
        from django.utils.text import slugify

        code = slugify(name)[:60] or "term"
        taken = set(TaxonomyTerm.objects.filter(taxonomy=taxonomy).values_list("code", flat=True))
        base, n = code, 2
        while code in taken:
            code, n = f"{base[:56]}-{n}", n + 1
        # The same id scheme as the reference data (uuid5 of taxonomy:code, a stable HSDS id).
        term = TaxonomyTerm(id=term_id(taxonomy, code), taxonomy=taxonomy, code=code, name=name)
        term.name_fi = name
        term.save()
        return str(term.pk)

    return create


class OrganizationImporter(StagedImporter):
    target = "organizations"
    formats = ("csv", "xlsx")
    # A survey's "e-mail" and "phone" columns go to the organisation's public channels,
    # unless the file has a contact person's name column: then they are that person's.
    fields = FIELDS

    managed_lists = (
        ManagedList(
            "themes",
            _terms(TaxonomyTerm.Taxonomy.THEME),
            _create_term(TaxonomyTerm.Taxonomy.THEME),
            is_admin,
        ),
        ManagedList(
            "target_groups",
            _terms(TaxonomyTerm.Taxonomy.TARGET_GROUP),
            _create_term(TaxonomyTerm.Taxonomy.TARGET_GROUP),
            is_admin,
        ),
    )

    def propose_mapping(self, headers: list[str]) -> dict[str, int]:
        mapping = super().propose_mapping(headers)
        if "contact_name" not in mapping:
            for private, public in (("contact_email", "org_email"), ("contact_phone", "org_phone")):
                if private in mapping and public not in mapping:
                    mapping[public] = mapping.pop(private)
        return mapping

    # --- validation ---------------------------------------------------------------------------

    def prepare(self, batch) -> None:
        self.filename = batch.filename
        self.area = coordinated_municipality_codes(self.user)
        self.municipalities = {}
        for m in Municipality.objects.all():
            self.municipalities[m.code] = m
            self.municipalities[m.name_fi.casefold()] = m
            self.municipalities[m.name_sv.casefold()] = m
        self.municipality_names = {
            name for m in self.municipalities.values() for name in (m.name_fi, m.name_sv) if name
        }
        self.kinds = dict(KIND_SYNONYMS)
        for lang in ("fi", "sv", "en"):
            with translation.override(lang):
                for value, label in Kind.choices:
                    self.kinds[str(label).casefold()] = value
        for value in Kind.values:
            self.kinds[value] = value

    def clean_row(self, result: RowResult, values: dict[str, str]) -> None:
        out = result.values
        out["name"] = values.get("name", "")
        if not out["name"]:
            result.error(_("the name is missing."))
        elif len(out["name"]) > 200:
            result.error(_("the name is longer than 200 characters."))
        for key in ("name_sv", "name_en", "contact_name", "description"):
            out[key] = values.get(key, "")
        kind = values.get("kind", "")
        out["kind"] = self.kinds.get(kind.casefold()) if kind else ""
        if kind and not out["kind"]:
            result.error(_("unknown type “%(value)s”.") % {"value": kind}, cause=_("Unknown type"))
        for key, normalise, cause in (
            ("business_id", normalise_business_id, _("Invalid Y-tunnus")),
            ("association_number", normalise_association_number, _("Invalid register number")),
            ("contact_phone", normalise_phone, _("Invalid phone number")),
            ("org_phone", normalise_phone, _("Invalid phone number")),
        ):
            out[key] = self._clean(result, values.get(key, ""), normalise, cause)
        for key in ("contact_email", "org_email"):
            out[key] = self._clean(
                result, values.get(key, "").lower(), self._email, _("Invalid e-mail address")
            )
        out["website"] = self._clean(
            result, values.get("website", ""), self._url, _("Invalid website address")
        )
        out["municipalities"] = self._municipalities(result, values.get("municipalities", ""))
        for key in ("themes", "target_groups"):
            out[key] = self.managed_values(result, key, values.get(key, ""))
        if (values.get("contact_email") or values.get("contact_phone")) and not out["contact_name"]:
            result.error(_("the contact person's name is missing."))

    @staticmethod
    def _clean(result, value, normalise, cause=None):
        if not value:
            return ""
        try:
            return normalise(value)
        except ValidationError as exc:
            for message in exc.messages:
                result.error(message, cause=cause)
            return ""

    @staticmethod
    def _email(value):
        EmailValidator(message=_("E-mail address %(value)s is not valid.") % {"value": value})(
            value
        )
        return value

    @staticmethod
    def _url(value):
        if "://" not in value:
            value = "https://" + value
        URLValidator(message=_("Website %(value)s is not a valid address.") % {"value": value})(
            value
        )
        return value

    def _municipalities(self, result, value) -> list[str]:
        """Codes of the row's municipalities inside the user's area.

        A row whose every municipality is outside the area is marked `outside`: the user
        decides to skip such rows, they are not errors. Municipalities outside the area of a
        row that also has some inside are left out with a warning."""
        codes, outside, unknown = [], [], False
        if not value:
            result.error(_("the municipality is missing."), cause=_("Municipality missing"))
        for part in split_list(value, r"[;,/\n]+"):
            key = part.zfill(3) if part.isdigit() else part.casefold()
            municipality = self.municipalities.get(key)
            if municipality is None:
                guess = did_you_mean(part, self.municipality_names)
                message = _("unknown municipality “%(value)s”.") % {"value": part}
                if guess:
                    message = _("unknown municipality “%(value)s”; did you mean %(guess)s?") % {
                        "value": part,
                        "guess": guess,
                    }
                result.error(message, cause=_("Unknown municipality"))
                unknown = True
            elif self.area is not None and municipality.code not in self.area:
                outside.append(municipality)
            else:
                codes.append(municipality.code)
        if outside and not codes and not unknown:
            result.outside = True
            result.warn(
                _("%(municipality)s is outside your area.")
                % {"municipality": ", ".join(str(m) for m in outside)}
            )
        elif outside:
            result.warn(
                _("%(municipality)s is outside your area and is left out.")
                % {"municipality": ", ".join(str(m) for m in outside)}
            )
        return codes

    # --- duplicates ---------------------------------------------------------------------------

    @staticmethod
    def _keys(values: dict):
        if values.get("business_id"):
            yield ("business_id", values["business_id"]), _("same Y-tunnus")
        if values.get("association_number"):
            yield (
                ("association_number", values["association_number"]),
                _("same association register number"),
            )
        if values.get("name"):
            for code in values.get("municipalities", []):
                yield (
                    ("name", normalise_name(values["name"]), code),
                    _("same name in the same municipality"),
                )

    @staticmethod
    def _conflicting_ids(values: dict, business_id, association_number) -> bool:
        """Same name, different registered identifier: two different organisations."""
        return bool(
            (values.get("business_id") and business_id and values["business_id"] != business_id)
            or (
                values.get("association_number")
                and association_number
                and values["association_number"] != association_number
            )
        )

    def _existing(self, results):
        keys = {k for r in results for k, _reason in self._keys(r.values)}
        found: dict[tuple, list] = {}
        business_ids = [k[1] for k in keys if k[0] == "business_id"]
        numbers = [k[1] for k in keys if k[0] == "association_number"]
        codes = {k[2] for k in keys if k[0] == "name"}
        for org in Organization.objects.filter(business_id__in=business_ids):
            found[("business_id", org.business_id)] = [org]
        for org in Organization.objects.filter(association_number__in=numbers):
            found[("association_number", org.association_number)] = [org]
        # Every organisation of the row's municipalities, by normalised name, for the near
        # matches: {code: [(normalised name, org)]}.
        self.by_municipality: dict[str, list] = {}
        near = Organization.objects.filter(municipalities__code__in=codes).distinct()
        for org in near.prefetch_related("municipalities"):
            for name in {org.name_fi, org.name_sv, org.name_en} - {None, ""}:
                for m in org.municipalities.all():
                    found.setdefault(("name", normalise_name(name), m.code), []).append(org)
                    self.by_municipality.setdefault(m.code, []).append((normalise_name(name), org))
        return found

    def _near(self, values: dict):
        """An organisation of the same municipality whose name is almost the same."""
        name = normalise_name(values.get("name") or "")
        if not name:
            return None
        best, best_ratio = None, NEAR_NAME_RATIO
        for code in values.get("municipalities", []):
            for other, org in self.by_municipality.get(code, []):
                ratio = difflib.SequenceMatcher(None, name, other).ratio()
                if ratio >= best_ratio:
                    best, best_ratio = org, ratio
        return best

    def _can_update(self, org) -> bool:
        return self.user.has_perm("registry.change_organization", org)

    def find_duplicates(self, results: list[RowResult]) -> None:
        existing = self._existing(results)
        seen: dict[tuple, tuple[int, dict]] = {}
        for result in results:
            if result.outside:
                continue
            matches: dict = {}
            possible: dict = {}
            earlier = None
            for key, reason in self._keys(result.values):
                for org in existing.get(key, []):
                    if key[0] == "name" and self._conflicting_ids(
                        result.values, org.business_id, org.association_number
                    ):
                        # Same name, another Y-tunnus: perhaps a new Y-tunnus, perhaps
                        # another organisation; the user decides.
                        possible.setdefault(org.pk, (org, _("same name, another Y-tunnus")))
                        continue
                    matches.setdefault(org.pk, (org, reason))
                if earlier is None and key in seen:
                    row, values = seen[key]
                    if key[0] != "name" or not self._conflicting_ids(
                        result.values, values.get("business_id"), values.get("association_number")
                    ):
                        earlier = (row, reason)
            for key, _reason in self._keys(result.values):
                seen.setdefault(key, (result.number, result.values))
            if len(matches) > 1:
                names = ", ".join(sorted(str(org) for org, _r in matches.values()))
                result.error(
                    _("matches several existing organisations: %(names)s.") % {"names": names},
                    cause=_("Matches several existing organisations"),
                )
            elif matches:
                org, reason = next(iter(matches.values()))
                result.duplicate = Duplicate(reason, existing=org, can_update=self._can_update(org))
            elif earlier:
                result.duplicate = Duplicate(earlier[1], row=earlier[0])
            else:
                near = next(iter(possible.values()), None)
                if near is None and (org := self._near(result.values)) is not None:
                    near = (org, _("a similar name in the same municipality"))
                if near is not None:
                    result.duplicate = Duplicate(
                        near[1],
                        existing=near[0],
                        can_update=self._can_update(near[0]),
                        possible=True,
                    )

    # --- commit -------------------------------------------------------------------------------

    def commit_row(self, batch, result: RowResult, written: dict) -> str:
        duplicate = result.duplicate
        if duplicate and result.decision == Decision.CREATE:
            duplicate = None  # a possible duplicate that is not one
        if duplicate:
            target = duplicate.existing or written[duplicate.row]
            written[result.number] = target
            if result.decision not in (Decision.UPDATE, Decision.MERGE):
                return "skipped"
            return "updated" if self.write(target, result.values) else "unchanged"
        # Not confirmed by the association: it is asked to confirm (freshness.is_stale).
        organization = Organization(kind=Kind.ASSOCIATION, confirmed_at=None)
        self.write(organization, result.values)
        written[result.number] = organization
        return "created"

    def write(self, organization: Organization, values: dict) -> bool:
        """Fill the organisation from one row; empty cells never erase existing data.

        Returns whether anything was written: a row that changes nothing saves nothing (and
        adds no audit history), so importing the same file again is harmless."""
        new = organization._state.adding
        changed = False
        for key, attname in SCALAR_FIELDS.items():
            if values.get(key) and getattr(organization, attname) != values[key]:
                setattr(organization, attname, values[key])
                changed = True
        if values.get("kind") and organization.kind != values["kind"]:
            organization.kind = values["kind"]
            changed = True
        organization._history_user = self.user
        organization._change_reason = _("import from %(file)s") % {"file": self.filename}
        if new or changed:
            organization.save()
        for name in ("municipalities", "themes", "target_groups"):
            manager = getattr(organization, name)
            have = set() if new else {str(pk) for pk in manager.values_list("pk", flat=True)}
            missing = [v for v in values[name] if str(v) not in have]
            if missing:
                manager.add(*missing)
                changed = True
        if values.get("contact_name"):
            changed = self.write_contact(organization, values) or changed
        return new or changed

    def write_contact(self, organization: Organization, values: dict) -> bool:
        contacts = list(organization.contacts.all())
        contact = next(
            (
                c
                for c in contacts
                if (values["contact_email"] and c.email.lower() == values["contact_email"])
                or c.name.casefold() == values["contact_name"].casefold()
            ),
            None,
        )
        if contact is None:
            last = organization.contacts.aggregate(last=Max("position"))["last"]
            contact = ContactPerson(
                organization=organization, position=0 if last is None else last + 1
            )
        before = (contact.name, contact.email, contact.phone)
        contact.name = values["contact_name"]
        contact.email = values["contact_email"] or contact.email
        contact.phone = values["contact_phone"] or contact.phone
        after = (contact.name, contact.email, contact.phone)
        if not contact._state.adding and before == after:
            return False
        contact._history_user = self.user
        contact._change_reason = organization._change_reason
        contact.save()
        return True
