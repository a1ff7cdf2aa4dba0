"""Dashboard section: paper packs in one click for coordinators, own roles for associations."""

from datetime import timedelta

from django.utils import timezone

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.rules import administered_organization_ids

from .models import Agreement, Role
from .rules import filter_readable, readable_codes

LIMIT = 10


def section(request):
    user = request.user
    if not user.is_authenticated:
        return None
    codes = readable_codes(user)
    coordinator = codes is None or bool(codes)
    org_ids = administered_organization_ids(user)
    if not coordinator and not org_ids:
        return None
    context = {"coordinator": coordinator, "municipalities": [], "expiring": [], "roles": []}
    if coordinator:
        municipalities = Municipality.objects.all()
        if codes is not None:
            municipalities = municipalities.filter(code__in=codes)
        shown = list(municipalities[: LIMIT + 1])
        context["municipalities"] = shown[:LIMIT]
        context["more_municipalities"] = len(shown) > LIMIT
        today = timezone.localdate()
        context["expiring"] = list(
            filter_readable(Agreement.objects.all(), user).filter(
                valid_to__gte=today, valid_to__lte=today + timedelta(days=60)
            )[:LIMIT]
        )
    if org_ids:
        context["roles"] = list(
            Role.objects.filter(organization_id__in=org_ids)
            .select_related("organization", "scenario__plan")
            .prefetch_related("chain_links__contact", "organization__contacts")
        )
    return ("preparedness/dashboard_section.html", context)


# An exercise planned within this many days and not yet held is due.
EXERCISE_DUE_DAYS = 30
AGREEMENT_EXPIRY_DAYS = 60


def cards(request) -> list[dict]:
    """Agreements expiring within 60 days and exercises due (planned within 30 days) or
    overdue (planned date passed, not held), for coordinators; nothing when none."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from .models import Exercise

    user = request.user
    if not user.is_authenticated or not user.has_perm("preparedness.view"):
        return []
    today = timezone.localdate()
    out = []
    expiring = (
        filter_readable(Agreement.objects.all(), user)
        .filter(valid_to__gte=today, valid_to__lte=today + timedelta(days=AGREEMENT_EXPIRY_DAYS))
        .count()
    )
    if expiring:
        out.append(
            {
                "key": "agreements-expiring",
                "title": _("Agreements expiring within 60 days"),
                "count": expiring,
                "url": reverse("preparedness:agreements"),
                "link": _("Renew the agreements"),
                "tone": "warn",
                "order": 50,
            }
        )
    not_held = filter_readable(Exercise.objects.filter(held_on__isnull=True), user)
    due = not_held.filter(planned_for__lte=today + timedelta(days=EXERCISE_DUE_DAYS)).count()
    if due:
        overdue = not_held.filter(planned_for__lt=today).count()
        out.append(
            {
                "key": "exercises-due",
                "title": _("Exercises due"),
                "count": due,
                "detail": (
                    _("%(n)d overdue: the date passed, not held") % {"n": overdue}
                    if overdue
                    else _("Planned within 30 days")
                ),
                "url": reverse("preparedness:exercises"),
                "link": _("See the exercises"),
                "tone": "warn" if overdue else "",
                "order": 55,
            }
        )
    return out
