"""The change history ("Muutoshistoria") of an organisation and its contact persons.

django-simple-history stores a full snapshot per save (and, for the many-to-many fields,
per change of the set). Here consecutive snapshots are compared field by field, and the
snapshots one user made within a few seconds (one form save writes the organisation, then
its municipalities, themes and contacts) are shown as one entry.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from turvaverkko.areas.models import Municipality

from .changes import (
    Change,
    Entry,
    Track,
    display_value,
    group_entries,
    history_entries,
    m2m_sets,
)
from .models import ContactPerson, Organization, RoleAssignment, TaxonomyTerm

ORGANIZATION_FIELDS = (
    "name_fi",
    "name_sv",
    "name_en",
    "alternate_name",
    "kind",
    "business_id",
    "association_number",
    "parent",
    "email",
    "phone",
    "website",
    "description_fi",
    "description_sv",
    "description_en",
    "year_incorporated",
    "is_active",
    "confirmed_at",
)
M2M_FIELDS = {"themes": TaxonomyTerm, "target_groups": TaxonomyTerm, "municipalities": Municipality}
CONTACT_FIELDS = ("position", "name", "title", "phone", "email", "is_public")
DEFAULT_LIMIT = 200


# Clearer than the model's verbose names where those describe the storage format.
LABELS = {(ContactPerson, "phone"): _lazy("phone"), (Organization, "phone"): _lazy("public phone")}


def _label(model, name):
    return str(LABELS.get((model, name)) or model._meta.get_field(name).verbose_name)


def _organization_entries(organization, limit):
    newest_first = organization.history.select_related("history_user").order_by("-history_id")
    records = list(newest_first[: limit + 1])[::-1]
    sets = m2m_sets(Organization, records, M2M_FIELDS)
    names = {
        "themes": {str(t.pk): t.name for t in TaxonomyTerm.objects.all()},
        "target_groups": {},
        "municipalities": {m.code: m.name for m in Municipality.objects.all()},
    }
    names["target_groups"] = names["themes"]
    parents = {r.parent_id for r in records if r.parent_id}
    names["parent"] = {o.pk: str(o) for o in Organization.objects.filter(pk__in=parents)}
    subject = _("Organisation")
    entries = []
    for previous, record in zip([None, *records], records, strict=False):
        entry = Entry(record.history_date, record.history_user)
        if record.history_change_reason:
            entry.reasons.append(record.history_change_reason)
        if record.history_type == "+":
            entry.events.append(_("Organisation created"))
        elif record.history_type == "-":
            entry.events.append(_("Organisation deleted"))
        if previous is not None:
            for name in ORGANIZATION_FIELDS:
                attname = Organization._meta.get_field(name).attname
                old, new = getattr(previous, attname), getattr(record, attname)
                if old != new:
                    entry.changes.append(
                        Change(
                            subject,
                            _label(Organization, name),
                            display_value(Organization, name, old, names.get(name, {})),
                            display_value(Organization, name, new, names.get(name, {})),
                        )
                    )
        before = sets.get(previous.history_id, {}) if previous else {}
        after = sets[record.history_id]
        for name in M2M_FIELDS:
            old, new = before.get(name, set()), after.get(name, set())
            if old != new and (previous is not None or new):
                show = names[name]
                entry.changes.append(
                    Change(
                        subject,
                        _label(Organization, name),
                        ", ".join(sorted(str(show.get(str(v), v)) for v in old)) or "–",
                        ", ".join(sorted(str(show.get(str(v), v)) for v in new)) or "–",
                    )
                )
        entries.append(entry)
    # The oldest record is only a baseline when the history goes further back than the limit.
    return entries[1:] if len(records) > limit else entries


def _contact_entries(organization, limit):
    records = list(
        ContactPerson.history.filter(organization_id=organization.pk)
        .select_related("history_user")
        .order_by("-history_id")[:limit]
    )[::-1]
    last: dict = {}
    entries = []
    for record in records:
        previous = last.get(record.id)
        last[record.id] = record
        subject = _("Contact person %(name)s") % {"name": record.name}
        entry = Entry(record.history_date, record.history_user)
        if record.history_change_reason:
            entry.reasons.append(record.history_change_reason)
        if record.history_type == "+":
            entry.events.append(_("Contact person %(name)s added") % {"name": record.name})
        elif record.history_type == "-":
            entry.events.append(_("Contact person %(name)s removed") % {"name": record.name})
        if previous is not None and record.history_type == "~":
            for name in CONTACT_FIELDS:
                attname = ContactPerson._meta.get_field(name).attname
                old, new = getattr(previous, attname), getattr(record, attname)
                if old != new:
                    entry.changes.append(
                        Change(
                            subject,
                            _label(ContactPerson, name),
                            display_value(ContactPerson, name, old, {}),
                            display_value(ContactPerson, name, new, {}),
                        )
                    )
        elif record.history_type == "+":
            for name in ("name", "phone", "email"):
                value = getattr(record, name)
                if value:
                    entry.changes.append(
                        Change(
                            subject,
                            _label(ContactPerson, name),
                            "–",
                            display_value(ContactPerson, name, value, {}),
                        )
                    )
        entries.append(entry)
    return entries


def _admin_entries(organization, limit):
    """Association admins given or taken away (the role assignments of this organisation)."""
    users = {
        u.pk: u.get_full_name() or u.email
        for u in get_user_model().objects.filter(
            pk__in=RoleAssignment.history.filter(organization_id=organization.pk).values("user_id")
        )
    }

    def subject(record):
        return _("Admin %(name)s") % {"name": users.get(record.user_id, "–")}

    track = Track(
        RoleAssignment.history.filter(organization_id=organization.pk),
        RoleAssignment,
        (),
        subject,
        created=_("%(subject)s added"),
        deleted=_("%(subject)s removed"),
    )
    return history_entries(track, limit=limit)


def organization_history(organization, limit=DEFAULT_LIMIT) -> list[Entry]:
    """Entries newest first; each says who, when, what happened and which fields changed."""
    return group_entries(
        _organization_entries(organization, limit)
        + _contact_entries(organization, limit)
        + _admin_entries(organization, limit),
        limit=limit,
    )
