"""The change history ("Muutoshistoria") of an organisation and its contact persons.

django-simple-history stores a full snapshot per save (and, for the many-to-many fields,
per change of the set). Here consecutive snapshots are compared field by field, and the
snapshots one user made within a few seconds (one form save writes the organisation, then
its municipalities, themes and contacts) are shown as one entry.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from simple_history.models import HistoricalRecords

from turvaverkko.areas.models import Municipality

from .changes import Change, Entry, Track, group_entries, history_entries
from .models import ContactPerson, Organization, RoleAssignment, TaxonomyTerm
from .validators import format_association_number, format_phone

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


def _display(model, name, value, names) -> str:
    if value in (None, ""):
        return "–"
    f = model._meta.get_field(name)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if name == "phone":
        return format_phone(value)
    if name == "association_number":
        return format_association_number(value)
    if name in names:
        return names[name].get(value, str(value))
    return str(value)


def _m2m_sets(records):
    """{history_id: {field: frozenset(ids)}} in one query per many-to-many field."""
    out = {r.history_id: {} for r in records}
    for name, related in M2M_FIELDS.items():
        through = HistoricalRecords.m2m_models[Organization._meta.get_field(name)]
        column = next(
            f.attname for f in through._meta.fields if f.is_relation and f.related_model is related
        )
        rows = through.objects.filter(history__in=[r.history_id for r in records])
        for history_id, value in rows.values_list("history_id", column):
            out[history_id].setdefault(name, set()).add(value)
    return out


def _organization_entries(organization, limit):
    newest_first = organization.history.select_related("history_user").order_by("-history_id")
    records = list(newest_first[: limit + 1])[::-1]
    sets = _m2m_sets(records)
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
                            _display(Organization, name, old, names),
                            _display(Organization, name, new, names),
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
                            _display(ContactPerson, name, old, {}),
                            _display(ContactPerson, name, new, {}),
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
                            _display(ContactPerson, name, value, {}),
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
