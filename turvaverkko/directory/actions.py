"""Named write operations of the directory: add and edit a site with its opening hours.

Each runs in one transaction and writes an audit log line. Every save, deletion and link
change adds one to the counter of published data in that transaction (freshness.py), which is
what the search index and the cached search pages watch (index.current_stamp), so the public
search shows the change at once.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field

from django.db import transaction

from .models import OpeningException, OpeningRule, Site

audit = logging.getLogger("turvaverkko.audit")

SITE_FIELDS = (
    "name_fi", "name_sv", "name_en", "kind", "low_threshold",
    "description_fi", "description_sv", "description_en",
    "street_address_fi", "street_address_sv", "street_address_en",
    "postal_code", "city", "municipality", "latitude", "longitude",
    "transportation_fi", "transportation_sv", "transportation_en",
    "step_free_access", "accessible_toilet", "induction_loop", "accessible_parking",
    "accessibility_notes_fi", "accessibility_notes_sv", "accessibility_notes_en",
    "url", "email", "phone", "is_published",
)  # fmt: skip
RULE_FIELDS = ("byday", "opens_at", "closes_at", "pattern", "interval", "nth", "valid_from",
               "valid_to", "description_fi", "description_sv", "description_en")  # fmt: skip
EXCEPTION_FIELDS = ("date", "closed", "opens_at", "closes_at",
                    "description_fi", "description_sv", "description_en")  # fmt: skip


@dataclass
class ChildChanges:
    """Rows of a child table: `rows` to keep (dicts; with "id" to update, without to add)
    and `deleted` ids. Rows of the site that are in neither stay as they are."""

    rows: list[dict] = field(default_factory=list)
    deleted: list = field(default_factory=list)


def _sync(model, site: Site, changes: ChildChanges, fields: tuple[str, ...]) -> None:
    own = model.objects.filter(site=site)
    if model is OpeningRule:
        own = own.filter(service__isnull=True)
    if changes.deleted:
        own.filter(pk__in=changes.deleted).delete()
    for row in changes.rows:
        values = {name: row[name] for name in fields if name in row}
        if row.get("id"):
            own.filter(pk=row["id"]).update(**values)
        else:
            model.objects.create(site=site, **values)


def _apply(site: Site, data: dict, languages, target_groups, rules, exceptions) -> None:
    for name in SITE_FIELDS:
        if name in data:
            setattr(site, name, data[name])
    site.save()
    if languages is not None:
        site.languages.set(languages)
    if target_groups is not None:
        site.target_groups.set(target_groups)
    if rules is not None:
        _sync(OpeningRule, site, rules, RULE_FIELDS)
    if exceptions is not None:
        _sync(OpeningException, site, exceptions, EXCEPTION_FIELDS)


@transaction.atomic
def create_site(
    *,
    by,
    organization,
    data: dict,
    languages=(),
    target_groups=(),
    rules: ChildChanges | None = None,
    exceptions: ChildChanges | None = None,
    site_id: uuid.UUID | None = None,
) -> Site:
    """Add a site where `organization` is present. `site_id`: a stable id chosen by the
    caller (the demo's uuid5 ids), else a new random one."""
    site = Site() if site_id is None else Site(pk=site_id)
    _apply(site, data, languages, target_groups, rules, exceptions)
    site.organizations.add(organization)
    audit.info("site.create site=%s organization=%s by=%s", site.pk, organization.pk, by.pk)
    return site


@transaction.atomic
def update_site(
    site: Site,
    *,
    by,
    data: dict,
    languages=None,
    target_groups=None,
    rules: ChildChanges | None = None,
    exceptions: ChildChanges | None = None,
) -> Site:
    """Change a site's fields, languages, target groups and opening hours."""
    site = Site.objects.select_for_update().get(pk=site.pk)
    _apply(site, data, languages, target_groups, rules, exceptions)
    audit.info("site.update site=%s by=%s fields=%s", site.pk, by.pk, ",".join(sorted(data)))
    return site


SERVICE_FIELDS = ("name_fi", "name_sv", "name_en", "description_fi", "description_sv",
                  "description_en", "ptv_service_classes")  # fmt: skip


@transaction.atomic
def update_service(service, *, by, data: dict, target_groups=None):
    """Change a service's texts, target groups and PTV service classes."""
    from .models import Service

    service = Service.objects.select_for_update().get(pk=service.pk)
    for name in SERVICE_FIELDS:
        if name in data:
            setattr(service, name, data[name])
    service.save()
    if target_groups is not None:
        service.target_groups.set(target_groups)
    audit.info(
        "service.update service=%s by=%s fields=%s", service.pk, by.pk, ",".join(sorted(data))
    )
    return service
