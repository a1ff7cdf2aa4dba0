"""Named write operations of the registry.

Each runs in one transaction, records the acting user in the audit history
(django-simple-history reads `_history_user` and `_change_reason` from the instance, so this
works in tasks and commands as well as in requests) and enqueues e-mail on commit.
"""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .importing import (
    ImportFileError,
    StagedImporter,
    importer_for_batch,
    importer_for_filename,
)
from .invitations import InvitationError
from .models import ContactPerson, ImportBatch, Invitation, Organization, RoleAssignment

ORGANIZATION_SCALARS = (
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
)
ORGANIZATION_M2M = ("themes", "target_groups", "municipalities")
CONTACT_FIELDS = ("name", "title", "phone", "email", "is_public")


def _audit(instance, user, reason=""):
    instance._history_user = user if user is not None and user.is_authenticated else None
    if reason:
        instance._change_reason = reason


# --- organisations ------------------------------------------------------------------------------


@transaction.atomic
def create_organization(data: dict, contacts: list[dict], user) -> Organization:
    organization = Organization()
    _write_organization(organization, data, contacts, user)
    return organization


@transaction.atomic
def update_organization(organization, data: dict, contacts: list[dict], user) -> Organization:
    """Apply the form's data and the whole contact chain; returns the saved organisation.

    `contacts` is the new chain in order (primary first); each item has the contact fields
    and `id` (of an existing contact of this organisation, or None for a new one). Existing
    contacts that are not in the list are removed. Only what changed is written, so the
    history shows real changes only.
    """
    # Compare with the stored row, not with an instance a ModelForm has already modified.
    current = Organization.objects.select_for_update().get(pk=organization.pk)
    _write_organization(current, data, contacts, user)
    return current


def _write_organization(organization, data, contacts, user):
    creating = organization._state.adding
    changed = creating
    for name in ORGANIZATION_SCALARS:
        if name in data and getattr(organization, name) != data[name]:
            setattr(organization, name, data[name])
            changed = True
    _audit(organization, user)
    if changed:
        organization.save()
    for name in ORGANIZATION_M2M:
        if name in data:
            manager = getattr(organization, name)
            new = {obj.pk for obj in data[name]}
            if creating or set(manager.values_list("pk", flat=True)) != new:
                manager.set(list(data[name]))
    _write_contacts(organization, contacts, user)


def _write_contacts(organization, contacts, user):
    existing = {c.pk: c for c in organization.contacts.all()}
    keep = {c["id"] for c in contacts if c.get("id")}
    if keep - set(existing):
        raise ValueError("a contact of another organisation")
    for pk in set(existing) - keep:
        gone = existing[pk]
        _audit(gone, user)
        gone.delete()
    for position, item in enumerate(contacts):
        contact = existing[item["id"]] if item.get("id") else ContactPerson()
        contact.organization = organization
        changed = contact._state.adding or contact.position != position
        contact.position = position
        for name in CONTACT_FIELDS:
            value = item.get(name, "" if name != "is_public" else False)
            if getattr(contact, name) != value:
                setattr(contact, name, value)
                changed = True
        if changed:
            _audit(contact, user)
            contact.save()


@transaction.atomic
def confirm_organization(organization, user) -> Organization:
    """'All data is current': the yearly re-confirmation."""
    organization.confirmed_at = timezone.now()
    _audit(organization, user, _("data confirmed as current"))
    organization.save(update_fields=["confirmed_at", "modified_at"])
    return organization


# --- invitations ------------------------------------------------------------------------------


@transaction.atomic
def invite_admin(organization, email: str, invited_by, language: str = "fi") -> Invitation:
    """Create the invitation; the e-mail with its signed link is sent by a task on commit."""
    from .tasks import send_invitation

    invitation = Invitation.objects.create(
        organization=organization, email=email.strip().lower(), invited_by=invited_by
    )
    transaction.on_commit(partial(send_invitation.enqueue, invitation.pk, language))
    return invitation


@transaction.atomic
def accept_invitation(invitation, *, password=None, first_name="", last_name="", language="fi"):
    """Make the invitee an admin of the organisation, creating the account if it is new.

    The conditional update claims the invitation, so a link works once even when it is
    opened twice at the same moment. Returns the user.
    """
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
    if not claimed:
        raise InvitationError("used", invitation)
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        if not password:
            raise ValueError("a new account needs a password")
        user = User.objects.create_user(
            invitation.email,
            password,
            first_name=first_name,
            last_name=last_name,
            preferred_language=language,
        )
    RoleAssignment.objects.get_or_create(
        user=user,
        role=RoleAssignment.Role.ASSOCIATION_ADMIN,
        organization=invitation.organization,
    )
    Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    invitation.refresh_from_db()
    return user


# --- imports ----------------------------------------------------------------------------------


def _read_upload(target, uploaded):
    importer_class = importer_for_filename(target, uploaded.name)
    if importer_class is None:
        raise ImportFileError(_("Upload a CSV or XLSX file (.csv, .xlsx)."))
    return importer_class


def start_import(user, uploaded, target="organizations") -> ImportBatch:
    """Stage 1: parse the uploaded file and store it with a proposed column mapping."""
    importer_class = _read_upload(target, uploaded)
    importer = importer_class(user)
    importer.check_size(uploaded.size)
    headers, rows = importer.parse(uploaded.read())
    return ImportBatch.objects.create(
        created_by=user,
        target=target,
        format=importer.format,
        filename=uploaded.name[:255],
        headers=headers,
        rows=rows,
        mapping=importer.propose_mapping(headers),
    )


@transaction.atomic
def replace_import_file(batch, user, uploaded) -> ImportBatch:
    """A corrected file for an unfinished import; the mapping stays if the columns did."""
    importer_class = _read_upload(batch.target, uploaded)
    importer = importer_class(user)
    importer.check_size(uploaded.size)
    headers, rows = importer.parse(uploaded.read())
    if headers != batch.headers:
        batch.mapping = importer.propose_mapping(headers)
        batch.status = ImportBatch.Status.UPLOADED
    batch.format, batch.filename = importer.format, uploaded.name[:255]
    batch.headers, batch.rows, batch.decisions = headers, rows, {}
    batch.save()
    return batch


def set_import_mapping(batch, mapping: dict[str, int]) -> ImportBatch:
    batch.mapping = mapping
    batch.status = ImportBatch.Status.MAPPED
    batch.save(update_fields=["mapping", "status", "modified_at"])
    return batch


def save_import_decisions(batch, decisions: dict[str, str]) -> ImportBatch:
    allowed = {StagedImporter.Decision.SKIP, StagedImporter.Decision.UPDATE}
    batch.decisions = {str(k): v for k, v in decisions.items() if v in allowed}
    batch.save(update_fields=["decisions", "modified_at"])
    return batch


def commit_import(batch, user, decisions: dict[str, str] | None = None) -> dict[str, int]:
    """Stage 5: write every row or none; raises ImportRefused with the row errors."""
    if decisions is not None:
        save_import_decisions(batch, decisions)
    if batch.status == ImportBatch.Status.COMMITTED:
        raise ImportFileError(_("This file has already been imported."))
    return importer_for_batch(batch, user).commit(batch)
