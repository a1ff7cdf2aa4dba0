"""Field-by-field change history of any model tracked by django-simple-history.

registry/history.py does this by hand for organisations and their contact persons; this is
the same idea for every other tracked model (sites, services, role assignments, volunteer
memberships, readiness plans with their scenarios and roles), so that every history page
reads alike: who, when, what was created or removed, and each field's old and new value.
A `Track` says which records to read and which fields to compare; `history_entries` merges
several tracks (a plan with its scenarios and roles) into one list, newest first.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from .validators import format_association_number, format_phone

# Changes saved within this time by the same user read as one entry.
GROUP_WINDOW = timedelta(seconds=10)


@dataclass
class Change:
    subject: str
    field: str
    old: str
    new: str


@dataclass
class Entry:
    date: datetime
    user: object
    reasons: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


DEFAULT_LIMIT = 200


@dataclass
class Track:
    """The history records of one kind of object and how to describe them.

    `records` is a queryset of historical records (e.g. `Site.history.filter(id=pk)`);
    `subject(record)` names the object in each line ("Scenario: flood"); `fields` and
    `m2m` are compared between consecutive records of the same object.
    """

    records: models.QuerySet
    model: type[models.Model]
    fields: tuple[str, ...]
    subject: Callable[[object], str]
    m2m: tuple[str, ...] = ()
    created: str = field(default_factory=lambda: _("%(subject)s created"))
    deleted: str = field(default_factory=lambda: _("%(subject)s removed"))


def _label(model, name) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _names(model, name, values) -> dict:
    """{pk: label} for the related objects a foreign key or many-to-many field points to."""
    related = model._meta.get_field(name).related_model
    found = related._default_manager.in_bulk([v for v in values if v not in (None, "")])
    return {pk: str(obj) for pk, obj in found.items()}


def display_value(model, name, value, names) -> str:
    """A stored value as a reader sees it; `names` maps this field's stored keys to labels."""
    if value in (None, ""):
        return "–"
    f = model._meta.get_field(name)
    if f.is_relation:
        return names.get(value, str(value))
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
    if isinstance(value, (list, dict)):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return str(value)


def m2m_sets(model, records, m2m) -> dict[int, dict[str, set]]:
    """{history_id: {field: set(ids)}} in one query per many-to-many field."""
    out: dict[int, dict[str, set]] = {r.history_id: {} for r in records}
    for name in m2m:
        f = model._meta.get_field(name)
        through = HistoricalRecords.m2m_models[f]
        column = next(
            x.attname
            for x in through._meta.fields
            if x.is_relation and x.related_model is f.related_model
        )
        rows = through.objects.filter(history__in=list(out))
        for history_id, value in rows.values_list("history_id", column):
            out[history_id].setdefault(name, set()).add(value)
    return out


def _track_entries(track: Track, limit: int) -> list[Entry]:
    model = track.model
    records = list(track.records.select_related("history_user").order_by("-history_id")[:limit])[
        ::-1
    ]
    sets = m2m_sets(model, records, track.m2m)
    names = {}
    for name in track.fields:
        if model._meta.get_field(name).is_relation:
            attname = model._meta.get_field(name).attname
            names[name] = _names(model, name, {getattr(r, attname) for r in records})
    for name in track.m2m:
        names[name] = _names(model, name, set().union(*(s.get(name, set()) for s in sets.values())))
    last: dict = {}
    entries = []
    for record in records:
        pk = record.instance_type._meta.pk.attname
        previous = last.get(getattr(record, pk))
        last[getattr(record, pk)] = record
        subject = track.subject(record)
        entry = Entry(record.history_date, record.history_user)
        if record.history_change_reason:
            entry.reasons.append(record.history_change_reason)
        if record.history_type == "+":
            entry.events.append(track.created % {"subject": subject})
        elif record.history_type == "-":
            entry.events.append(track.deleted % {"subject": subject})
            entries.append(entry)
            continue
        for name in track.fields:
            attname = model._meta.get_field(name).attname
            old = getattr(previous, attname) if previous is not None else None
            new = getattr(record, attname)
            if old != new and (previous is not None or new not in (None, "", False)):
                entry.changes.append(
                    Change(
                        subject,
                        _label(model, name),
                        display_value(model, name, old, names.get(name, {})),
                        display_value(model, name, new, names.get(name, {})),
                    )
                )
        before = sets.get(previous.history_id, {}) if previous is not None else {}
        after = sets[record.history_id]
        for name in track.m2m:
            old, new = before.get(name, set()), after.get(name, set())
            if old != new:
                show = names[name]
                entry.changes.append(
                    Change(
                        subject,
                        _label(model, name),
                        ", ".join(sorted(show.get(v, str(v)) for v in old)) or "–",
                        ", ".join(sorted(show.get(v, str(v)) for v in new)) or "–",
                    )
                )
        entries.append(entry)
    return entries


def history_entries(*tracks: Track, limit: int = DEFAULT_LIMIT) -> list[Entry]:
    """Entries of all `tracks`, newest first; what one user saved within a few seconds (one
    form writes the object, then its many-to-many sets) is one entry."""
    return group_entries([e for t in tracks for e in _track_entries(t, limit)], limit=limit)


def group_entries(entries: list[Entry], *, limit: int = DEFAULT_LIMIT) -> list[Entry]:
    """Newest first, empty entries dropped, and what one user saved within GROUP_WINDOW (one
    form writes the object, then its many-to-many sets) merged into one entry."""
    raw = sorted(entries, key=lambda e: e.date)
    grouped: list[Entry] = []
    for entry in raw:
        if not (entry.events or entry.changes):
            continue
        head = grouped[-1] if grouped else None
        if head is not None and head.user == entry.user and entry.date - head.date <= GROUP_WINDOW:
            head.events += entry.events
            head.changes += entry.changes
            head.reasons += [r for r in entry.reasons if r not in head.reasons]
        else:
            grouped.append(entry)
    return grouped[::-1][:limit]
