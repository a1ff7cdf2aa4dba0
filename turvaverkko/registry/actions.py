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

from turvaverkko.importing import actions as importing_actions

from . import importing as _importing  # noqa: F401  (registers the organisation import)
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
# The steps of an import are the framework's (turvaverkko.importing.actions); the organisation
# target registers itself in importing/__init__.py.

start_import = importing_actions.start_import
replace_import_file = importing_actions.replace_import_file
set_import_mapping = importing_actions.set_import_mapping
save_import_decisions = importing_actions.save_import_decisions
commit_import = importing_actions.commit_import
start_commit = importing_actions.start_commit
commit_for_page = importing_actions.commit_for_page
discard_import = importing_actions.discard_import


@transaction.atomic
def import_organisations(
    user,
    *,
    rows: list[list[str]] | None = None,
    data: bytes | None = None,
    filename: str = "organisations.csv",
    decisions: dict[str, str] | None = None,
    value_mappings: dict[str, dict[str, str]] | None = None,
) -> tuple[ImportBatch, dict[str, int]]:
    """Import organisations without the pages (demo data, commands): the file's bytes, or
    `rows` (the first is the header), with the proposed column mapping, in one transaction.

    Rows outside the user's area are skipped; duplicates follow `decisions` ({"<row>":
    "update"}, default skip). Raises ImportFileError or ImportRefused, writing nothing."""
    if rows is not None:
        import csv
        import io

        out = io.StringIO()
        csv.writer(out, delimiter=";").writerows(rows)
        data, filename = out.getvalue().encode("utf-8"), filename.rsplit(".", 1)[0] + ".csv"
    batch = start_import(user, filename=filename, data=data)
    set_import_mapping(batch, batch.mapping)
    counts = commit_import(
        batch, user, {"outside": "skip", **(decisions or {})}, value_mappings or {}
    )
    return batch, counts
