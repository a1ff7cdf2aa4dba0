"""The incident page's recipient table at the size of a real alert (50 organisations and
500 volunteers): filters with counts, sorting, pages of 100 rows and one bulk status form.

Everything is counted and fetched in a fixed number of queries, whatever the number of
recipients: two aggregates for the filter counts, one page of rows, one query for the page's
deliveries per channel and one for its volunteers' skills."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import actions
from ..models import Incident, Recipient, Reply
from .incoming import waiting_filter

PAGE_SIZE = 100

# The filters of the table, in the order shown: key -> (label, condition).
FILTERS = {
    "yes": (gettext_lazy("coming"), Q(answer="yes")),
    "late": (gettext_lazy("coming late"), Q(answer="late")),
    "no": (gettext_lazy("not coming"), Q(answer="no")),
    "silent": (gettext_lazy("no answer"), Q(answer="", failed_at__isnull=True)),
    "failed": (gettext_lazy("delivery failed"), Q(answer="", failed_at__isnull=False)),
    "unclear": (gettext_lazy("unclear message"), Q(unclear=True)),
}
KINDS = {
    "contact": gettext_lazy("organisations"),
    "volunteer": gettext_lazy("volunteers"),
}
SORTS = {
    "name": ("name", "pk"),
    "organization": ("organization__name", "name", "pk"),
    "answer": ("-answer", "eta_minutes", "name", "pk"),
    "status": ("person_status", "name", "pk"),
    "distance": ("distance_km", "name", "pk"),
}
SORT_LABELS = {
    "name": gettext_lazy("Name"),
    "organization": gettext_lazy("Organisation"),
    "answer": gettext_lazy("Answer"),
    "status": gettext_lazy("Status"),
    "distance": gettext_lazy("Distance"),
}
# The statuses the bulk form sets (the field's states; "requested" and "accepted" follow
# from the answers).
BULK_STATUSES = [
    Recipient.PersonStatus.EN_ROUTE,
    Recipient.PersonStatus.ON_SITE,
    Recipient.PersonStatus.RELEASED,
]
PARAMS = ("show", "kind", "sort", "page")


def _annotated(incident):
    unclear = Reply.objects.filter(waiting_filter([incident.pk])).filter(
        Q(recipient=OuterRef("pk")) | Q(recipient__isnull=True, sender=OuterRef("phone"))
    )
    return Recipient.objects.filter(activation__incident=incident).annotate(unclear=Exists(unclear))


def _query(params, **change) -> str:
    values = {k: params.get(k, "") for k in PARAMS}
    values.update(change)
    return urlencode({k: v for k, v in values.items() if v})


def recipient_table(incident, params) -> dict:
    """The table's context for the query parameters `params` (a QueryDict or dict)."""
    show = params.get("show", "")
    show = show if show in FILTERS else ""
    kind = params.get("kind", "")
    kind = kind if kind in KINDS else ""
    sort = params.get("sort", "")
    sort = sort if sort in SORTS else "distance"
    clean = {"show": show, "kind": kind, "sort": "" if sort == "distance" else sort}
    rows = _annotated(incident)
    counted = rows.filter(kind=kind) if kind else rows
    counts = counted.aggregate(
        all=Count("pk"),
        **{f"n_{key}": Count("pk", filter=cond) for key, (_l, cond) in FILTERS.items()},
    )
    shown = FILTERS[show][1] if show else Q()
    kind_counts = rows.aggregate(
        all=Count("pk", filter=shown),
        **{f"kind_{k}": Count("pk", filter=Q(kind=k) & shown) for k in KINDS},
    )
    if kind:
        rows = rows.filter(kind=kind)
    if show:
        rows = rows.filter(FILTERS[show][1])
    rows = rows.select_related("organization", "volunteer").order_by(*SORTS[sort])
    page = Paginator(rows, PAGE_SIZE).get_page(params.get("page"))
    recipients = list(page.object_list)
    _attach_details(recipients)
    clean_page = {**clean, "page": str(page.number) if page.number > 1 else ""}
    return {
        "recipients": recipients,
        "recipient_page": page,
        "recipient_filters": [
            {
                "key": "",
                "label": _("all"),
                "count": counts["all"],
                "query": _query(clean, show="", page=""),
                "current": not show,
            }
        ]
        + [
            {
                "key": key,
                "label": label,
                "count": counts[f"n_{key}"],
                "query": _query(clean, show=key, page=""),
                "current": show == key,
            }
            for key, (label, _cond) in FILTERS.items()
        ],
        "recipient_kinds": [
            {
                "key": "",
                "label": _("everyone"),
                "count": kind_counts["all"],
                "query": _query(clean, kind="", page=""),
                "current": not kind,
            }
        ]
        + [
            {
                "key": k,
                "label": label,
                "count": kind_counts[f"kind_{k}"],
                "query": _query(clean, kind=k, page=""),
                "current": kind == k,
            }
            for k, label in KINDS.items()
        ],
        "recipient_sorts": [
            {
                "key": k,
                "label": label,
                "query": _query(clean, sort=k, page=""),
                "current": k == sort,
            }
            for k, label in SORT_LABELS.items()
        ],
        "recipient_prev": _query(clean, page=str(page.previous_page_number()))
        if page.has_previous()
        else None,
        "recipient_next": _query(clean, page=str(page.next_page_number()))
        if page.has_next()
        else None,
        "recipient_query": _query(clean_page),
        "recipient_state": {k: v for k, v in clean_page.items() if v},
        "bulk_statuses": [(s.value, s.label) for s in BULK_STATUSES],
    }


def _attach_details(recipients) -> None:
    """Each row's channels with their delivery state, and its volunteer's skills: two
    queries for the whole page."""
    from turvaverkko.notify.models import Channel, Delivery

    keys = {r.recipient_key: r for r in recipients}
    for r in recipients:
        r.channels = {}
        r.skill_names = []
    for key, channel, state in (
        Delivery.objects.filter(recipient_key__in=list(keys))
        .order_by("channel", "pk")
        .values_list("recipient_key", "channel", "state")
    ):
        # The latest delivery per channel wins (a re-send after a failure, say).
        keys[key].channels[channel] = state
    for r in recipients:
        r.channel_states = [
            {"channel": Channel(c).label, "state": s, "label": Delivery.State(s).label}
            for c, s in sorted(r.channels.items())
        ]
    volunteer_ids = [r.volunteer_id for r in recipients if r.volunteer_id]
    if volunteer_ids:
        from turvaverkko.volunteers.models import Volunteer

        skills = {
            v.pk: [str(s) for s in v.skills.all()]
            for v in Volunteer.objects.filter(pk__in=volunteer_ids).prefetch_related("skills")
        }
        for r in recipients:
            r.skill_names = skills.get(r.volunteer_id, [])


@login_required
@require_POST
def recipients_bulk_status(request, pk):
    """Set one status for the rows ticked in the recipient table, then back to the same
    filter and page."""
    incident = get_object_or_404(Incident, pk=pk)
    if not request.user.has_perm("incidents.manage_incident", incident):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    status = request.POST.get("status", "")
    ids = [int(v) for v in request.POST.getlist("recipient") if v.isdigit()]
    back = reverse("incidents:detail", args=[incident.pk])
    query = _query(request.POST)
    target = f"{back}?{query}#recipients" if query else f"{back}#recipients"
    if status not in {s.value for s in BULK_STATUSES}:
        messages.error(request, _("Choose the status to set."))
    elif not ids:
        messages.error(request, _("Tick at least one person in the table first."))
    elif incident.status == Incident.Status.CLOSED:
        messages.error(request, _("The incident is closed."))
    else:
        n = actions.set_person_status_bulk(incident, ids, status, user=request.user)
        messages.success(
            request,
            _("Status “%(status)s” set for %(n)d people.")
            % {"status": Recipient.PersonStatus(status).label, "n": n},
        )
    return redirect(target)
