"""Help requests: a need (skill, number of people, place, time) and who is asked to fill it."""

from django.db import transaction
from django.db.models import Q

from turvaverkko.notify.actions import Message, queue_deliveries
from turvaverkko.notify.sms.text import compose_sms
from turvaverkko.volunteers.models import HelpOffer

from .messages import lang, prefix
from .models import HelpAssignment, HelpRequest, SituationEntry
from .selection import candidate_volunteers

INVITE = {
    "fi": "Apupyyntö: {text} ({place}). Koordinaattori ottaa yhteyttä.",
    "sv": "Hjälpbegäran: {text} ({place}). Koordinatorn kontaktar dig.",
    "en": "Request for help: {text} ({place}). The coordinator will contact you.",
}


def candidates(help_request, limit=20):
    """Volunteers ranked by fit (skill) and distance, not yet asked."""
    asked = set(help_request.assignments.values_list("volunteer_id", flat=True))
    skills = [help_request.skill] if help_request.skill_id else []
    out = [
        c
        for c in candidate_volunteers(help_request.incident, skills=skills)
        if c.volunteer.pk not in asked
    ]
    return out[:limit]


def matching_offers(help_request):
    """Unhandled offers of help in the incident's municipalities, with the skill if given."""
    codes = help_request.incident.municipalities.values_list("code", flat=True)
    qs = HelpOffer.objects.filter(handled_at__isnull=True).filter(
        Q(municipality__code__in=codes) | Q(municipality__isnull=True)
    )
    if help_request.skill_id:
        qs = qs.filter(skills=help_request.skill_id)
    asked = help_request.assignments.values_list("help_offer_id", flat=True)
    return qs.exclude(pk__in=[pk for pk in asked if pk]).distinct()


@transaction.atomic
def create(incident, *, user, organization=None, **fields) -> HelpRequest:
    hr = HelpRequest.objects.create(
        incident=incident, created_by=user, organization=organization, **fields
    )
    SituationEntry.objects.create(
        incident=incident,
        author=user,
        organization=organization,
        place=hr.place,
        text=f"Help request: {hr.people_needed} × {hr.skill or '-'}: {hr.text}",
    )
    return hr


@transaction.atomic
def invite(help_request, volunteers, *, user) -> int:
    """Ask volunteers (one message each through notify) and record them as invited."""
    messages = []
    count = 0
    for v in volunteers:
        assignment, created = HelpAssignment.objects.get_or_create(
            help_request=help_request, volunteer=v, defaults={"invited_by": user}
        )
        if not created:
            continue
        count += 1
        language = lang(v.language)
        pre = prefix(help_request.incident.is_exercise, language)
        text = INVITE[language].format(text=help_request.text, place=help_request.place)
        key = f"help-assignment:{assignment.pk}"
        if v.phone and "sms" in (v.channels or ["sms"]):
            messages.append(
                Message(key, "sms", v.phone, compose_sms(pre, text, ""), language=language)
            )
        elif v.email:
            body = f"{pre}\n{text}" if pre else text
            messages.append(
                Message(
                    key,
                    "email",
                    v.email,
                    body,
                    subject=(pre + " " if pre else "") + "Apupyyntö",
                    language=language,
                )
            )
    if messages:
        queue_deliveries(
            f"help-request:{help_request.pk}:{HelpAssignment.objects.filter(help_request=help_request).count()}",
            messages,
        )
    return count


@transaction.atomic
def add_offer(help_request, offer, *, user) -> HelpAssignment:
    assignment, _created = HelpAssignment.objects.get_or_create(
        help_request=help_request, help_offer=offer, defaults={"invited_by": user}
    )
    return assignment


@transaction.atomic
def set_status(assignment, status, *, user) -> None:
    HelpAssignment.objects.filter(pk=assignment.pk).update(status=status)
    hr = assignment.help_request
    assigned = hr.assignments.filter(status=HelpAssignment.Status.ASSIGNED).count()
    if assigned >= hr.people_needed and hr.status == HelpRequest.Status.OPEN:
        HelpRequest.objects.filter(pk=hr.pk).update(status=HelpRequest.Status.FILLED)
