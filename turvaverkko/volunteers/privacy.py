"""Erasure and export that reach the volunteer's data in the apps above and below this one.

Incidents (above) keep copies of a volunteer's name, phone and e-mail in the people they
alerted, their SMS replies and the situation log; notify (below) keeps the addresses and
texts of the messages it delivered. volunteers cannot import incidents, so it asks by
signal:

- ``volunteer_erased`` is sent inside the erasure's transaction, while the profile still
  exists; a receiver pseudonymises its copies (keeping the counts and times that reports
  need) or raises, which rolls the whole erasure back.
- ``volunteer_export`` is sent when the volunteer downloads their data; each receiver
  returns ``{section: data}`` to be added to the export.

notify is below volunteers and is called directly (notify.privacy).
docs/volunteers.md ("Erasure, export and retention") describes what each app keeps.
"""

import hashlib
import hmac

from django.conf import settings
from django.db.models import Q
from django.dispatch import Signal

from turvaverkko.notify.privacy import forget_addresses
from turvaverkko.registry.models import ContactPerson

from .models import HelpOffer

# Arguments: volunteer (still saved), pseudonym (the name copies get), reason
# ("erased" by the volunteer, "anonymised" after inactivity).
volunteer_erased = Signal()
# Argument: volunteer. A receiver returns a dict of export sections.
volunteer_export = Signal()

PSEUDONYM_PREFIX = "Anonymised volunteer"


def pseudonym(volunteer) -> str:
    """The same short tag for one person everywhere (a log still reads "A accepted, A is on
    site"), which cannot be turned back into the person without the secret key."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"volunteer:{volunteer.pk}".encode(), hashlib.sha256
    ).hexdigest()
    return f"{PSEUDONYM_PREFIX} {digest[:8]}"


def confirmed_emails(volunteer) -> set[str]:
    """Addresses the volunteer has proven to read: only these find offers of help, so that
    nobody can see or erase another person's offer by typing their address into a profile."""
    emails = set()
    if volunteer.email and volunteer.email_confirmed_at is not None:
        emails.add(volunteer.email.lower())
    return emails


def help_offers(volunteer):
    emails = confirmed_emails(volunteer)
    if not emails:
        return HelpOffer.objects.none()
    query = HelpOffer.objects.none()
    for email in emails:
        query = query | HelpOffer.objects.filter(email__iexact=email)
    return query.order_by("created_at", "pk")


def export_help_offers(volunteer) -> list[dict]:
    return [
        {
            "name": offer.name,
            "phone": offer.phone,
            "email": offer.email,
            "municipality": offer.municipality.name if offer.municipality else None,
            "skills": [term.code for term in offer.skills.all()],
            "message": offer.message,
            "created_at": offer.created_at,
            "handled_at": offer.handled_at,
        }
        for offer in help_offers(volunteer).select_related("municipality")
    ]


def addresses(volunteer) -> set[str]:
    """Every address a message to the volunteer may have gone to, except those the person
    also has as an organisation's contact person: messages to those are the organisation's
    record (incidents pseudonymises the volunteer's own by recipient key anyway)."""
    found = {volunteer.phone, volunteer.email}
    if volunteer.user is not None:
        found.add(volunteer.user.email)
    found = {a for a in found if a}
    as_contact = ContactPerson.objects.filter(Q(phone__in=found) | Q(email__in=found))
    for phone, email in as_contact.values_list("phone", "email"):
        found -= {phone, email}
    found |= {device.as_address() for device in volunteer.push_subscriptions.all()}
    return found


def forget(volunteer, *, reason: str) -> None:
    """Pseudonymise the volunteer's data in every app and delete their offers of help.

    Call inside the erasure's transaction, before the profile changes."""
    volunteer_erased.send(
        sender=type(volunteer), volunteer=volunteer, pseudonym=pseudonym(volunteer), reason=reason
    )
    for offer in help_offers(volunteer):
        offer.delete()
    forget_addresses(addresses(volunteer))


def other_sections(volunteer) -> dict:
    """The export sections of the apps that listen to volunteer_export."""
    sections: dict = {}
    for _receiver, response in volunteer_export.send(sender=type(volunteer), volunteer=volunteer):
        if response:
            sections.update(response)
    return sections
