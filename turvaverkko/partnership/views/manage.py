"""The coordinator's pages: tables, seats, memberships, calls, meetings, agendas, memos."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from turvaverkko.preparedness.models import Agreement
from turvaverkko.preparedness.rules import filter_readable, writable_codes

from .. import actions, tasks
from ..forms import (
    ActionForm,
    ApplicationForm,
    CallForm,
    CloseActionForm,
    ItemForm,
    MembershipForm,
    MemoForm,
    MoveForm,
    NominationForm,
    OutcomeForm,
    SeatForm,
    SeriesForm,
    TableForm,
)
from ..models import (
    ActionItem,
    AgendaItem,
    Application,
    Meeting,
    Membership,
    OpenCall,
    PartnershipTable,
    TopicProposal,
)
from ..rules import can_keep_table


def need(request: HttpRequest, perm: str, obj: Model | None = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _table(request: HttpRequest, pk: int) -> PartnershipTable:
    table = get_object_or_404(PartnershipTable, pk=pk)
    need(request, "partnership.change_table", table)
    return table


def _form_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def table_list(request: HttpRequest) -> HttpResponse:
    need(request, "partnership.view")
    tables = [t for t in PartnershipTable.objects.all() if can_keep_table(request.user, t)]
    agreements = filter_readable(  # type: ignore[no-untyped-call]
        Agreement.objects.filter(kind=Agreement.Kind.WELFARE).select_related("welfare"),
        request.user,
    )
    codes = writable_codes(request.user)
    welfare = [
        (a, codes is None or a.municipality_id in codes, getattr(a, "welfare", None))
        for a in agreements
    ]
    return render(request, "partnership/table_list.html", {"tables": tables, "welfare": welfare})


@login_required
def table_create(request: HttpRequest) -> HttpResponse:
    need(request, "partnership.add")
    form = TableForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        table = form.save()
        messages.success(request, _("Saved."))
        return redirect("partnership:table", pk=table.pk)
    return render(
        request,
        "partnership/form.html",
        {"form": form, "title": _("New partnership table"), "cancel": "partnership:tables"},
    )


TABLE_FORMS: dict[str, Any] = {
    "seat": SeatForm,
    "member": MembershipForm,
    "call": CallForm,
    "series": SeriesForm,
    "nomination": NominationForm,
}


def _table_form(op: str, table: PartnershipTable, data: Any = None) -> Any:
    form_class = TABLE_FORMS[op]
    kwargs: dict[str, Any] = {"prefix": op}
    if op in ("member", "call", "nomination"):
        kwargs["table"] = table
    return form_class(data, **kwargs)


@login_required
def table_detail(request: HttpRequest, pk: int) -> HttpResponse:
    table = _table(request, pk)
    op = request.POST.get("op", "")
    forms = {name: _table_form(name, table) for name in TABLE_FORMS}
    if request.method == "POST" and op == "end_member":
        membership = get_object_or_404(Membership, pk=request.POST.get("membership"), table=table)
        actions.end_membership(membership, timezone.localdate())
        return redirect("partnership:table", pk=table.pk)
    if request.method == "POST" and op in TABLE_FORMS:
        form = forms[op] = _table_form(op, table, request.POST)
        if form.is_valid():
            obj = form.save(commit=False)
            obj.table = table
            try:
                if op == "series":
                    actions.create_series(obj)
                else:
                    obj.save()
                    form.save_m2m()
            except ValidationError as error:
                form.add_error("rrule" if op == "series" else None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("partnership:table", pk=table.pk)
    today = timezone.localdate()
    memberships = table.memberships.select_related("organization", "seat", "deputy_of")
    context = {
        "table": table,
        "forms": forms,
        "op": op,
        "seats": table.seats.all(),
        "current": [
            m for m in memberships if m.start <= today and (m.end is None or m.end >= today)
        ],
        "history": [m for m in memberships if m.end is not None and m.end < today],
        "calls": table.calls.all(),
        "meetings": table.meetings.all(),
        "nominations": table.nominations.all(),
        "open_actions": actions.table_actions(table).filter(done=False),
        "proposals": table.proposals.filter(status=TopicProposal.Status.NEW),
    }
    return render(request, "partnership/table_detail.html", context)


@login_required
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(OpenCall.objects.select_related("table"), pk=pk)
    need(request, "partnership.change_table", call.table)
    if request.method == "POST":
        application = get_object_or_404(Application, pk=request.POST.get("application"), call=call)
        item = get_object_or_404(AgendaItem, pk=request.POST.get("item"), meeting__table=call.table)
        try:
            actions.choose(application, item, item.meeting.starts_at.date())
        except ValidationError as error:
            _form_errors(request, error)
        else:
            messages.success(request, _("Chosen; the decision is recorded on the agenda item."))
        return redirect("partnership:call", pk=call.pk)
    decision_items = AgendaItem.objects.filter(
        meeting__table=call.table, kind=AgendaItem.Kind.DECISION
    ).select_related("meeting")
    return render(
        request,
        "partnership/call_detail.html",
        {
            "call": call,
            "applications": call.applications.select_related("organization", "seat"),
            "decision_items": decision_items,
        },
    )


@login_required
def call_apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(OpenCall, pk=pk)
    form = ApplicationForm(request.POST or None, call=call, user=request.user)
    if not form.fields["organization"].queryset.exists():  # type: ignore[attr-defined]
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        application = form.save(commit=False)
        application.call = call
        try:
            actions.apply(application)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your application was received."))
            return redirect("web:dashboard")
    return render(
        request,
        "partnership/form.html",
        {"form": form, "title": call.title, "intro": call.description, "cancel": "web:dashboard"},
    )


MEETING_OPS = (
    "item",
    "outcome",
    "action",
    "close",
    "accept",
    "move",
    "cancel",
    "hold",
    "attend",
    "invite",
)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("table"), pk=pk)
    need(request, "partnership.change_table", meeting.table)
    op = request.POST.get("op", "")
    item_form = ItemForm(request.POST if op == "item" else None, prefix="item", table=meeting.table)
    move_form = MoveForm(request.POST if op == "move" else None, instance=meeting, prefix="move")
    bound: dict[str, Any] = {}
    if request.method == "POST" and op in MEETING_OPS:
        response = _meeting_post(request, meeting, op, item_form, move_form, bound)
        if response is not None:
            return response
    items = list(meeting.items.prefetch_related("actions"))
    for item in items:
        item.outcome_form = bound.get(f"outcome-{item.pk}") or OutcomeForm(  # type: ignore[attr-defined]
            prefix=f"o{item.pk}",
            initial={
                "outcome_kind": item.outcome_kind or _default_outcome(item),
                "outcome_fi": item.outcome_fi,
                "outcome_sv": item.outcome_sv,
                "title_sv": item.title_sv,
            },
        )
        item.action_form = bound.get(f"action-{item.pk}") or ActionForm(prefix=f"a{item.pk}")  # type: ignore[attr-defined]
    context = {
        "meeting": meeting,
        "table": meeting.table,
        "items": items,
        "item_form": item_form,
        "move_form": move_form,
        "minutes": actions.agenda_minutes(meeting),
        "over_budget": actions.over_budget(meeting),
        "budget": actions.MEETING_BUDGET_MINUTES,
        "open_actions": actions.open_actions_before(meeting),
        "close_form": CloseActionForm(),
        "proposals": meeting.table.proposals.filter(status=TopicProposal.Status.NEW),
        "attendance": actions.ensure_attendance(meeting),
        "next_meeting": actions.next_meeting(meeting),
    }
    return render(request, "partnership/meeting_detail.html", context)


def _default_outcome(item: AgendaItem) -> str:
    return {
        AgendaItem.Kind.DECISION: AgendaItem.Outcome.DECISION,
    }.get(AgendaItem.Kind(item.kind), AgendaItem.Outcome.INFORMATION)


def _meeting_post(
    request: HttpRequest,
    meeting: Meeting,
    op: str,
    item_form: ItemForm,
    move_form: MoveForm,
    bound: dict[str, Any],
) -> HttpResponse | None:
    """Handle one operation on the meeting page; None re-renders it with the errors."""
    done = redirect("partnership:meeting", pk=meeting.pk)
    if op == "item":
        if not item_form.is_valid():
            return None
        item = item_form.save(commit=False)
        item.meeting = meeting
        if item_form.cleaned_data["new_matter"] and item.matter is None:
            item.matter = actions.new_matter(meeting.table, item_form.cleaned_data["new_matter"])
        actions.add_item(item)
    elif op == "outcome":
        item = get_object_or_404(AgendaItem, pk=request.POST.get("item"), meeting=meeting)
        form = OutcomeForm(request.POST, prefix=f"o{item.pk}")
        if not form.is_valid():
            bound[f"outcome-{item.pk}"] = form
            return None
        item.title_sv = form.cleaned_data["title_sv"] or item.title_sv
        actions.record_outcome(
            item,
            form.cleaned_data["outcome_kind"],
            form.cleaned_data["outcome_fi"],
            form.cleaned_data["outcome_sv"],
        )
    elif op == "action":
        item = get_object_or_404(AgendaItem, pk=request.POST.get("item"), meeting=meeting)
        action_form = ActionForm(request.POST, prefix=f"a{item.pk}")
        if not action_form.is_valid():
            bound[f"action-{item.pk}"] = action_form
            return None
        actions.add_action(item, action_form.save(commit=False))
    elif op == "close":
        action = get_object_or_404(
            ActionItem, pk=request.POST.get("action"), agenda_item__meeting__table=meeting.table
        )
        try:
            actions.close_action(action, request.POST.get("note", ""))
        except ValidationError as error:
            _form_errors(request, error)
    elif op == "accept":
        proposal = get_object_or_404(
            TopicProposal, pk=request.POST.get("proposal"), table=meeting.table
        )
        actions.accept_proposal(proposal, meeting)
    elif op == "move":
        if not move_form.is_valid():
            return None
        with transaction.atomic():
            actions.move_meeting(
                meeting, move_form.cleaned_data["starts_at"], move_form.cleaned_data["location"]
            )
    elif op == "cancel":
        actions.cancel_meeting(meeting)
    elif op == "hold":
        actions.hold_meeting(meeting)
    elif op == "attend":
        actions.record_attendance(meeting, request.POST.getlist("present"))
    elif op == "invite":
        count = tasks.invite(meeting)
        messages.success(request, _("Invitations sent: %(count)d.") % {"count": count})
        return done
    messages.success(request, _("Saved."))
    return done


@login_required
def memo(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("table"), pk=pk)
    need(request, "partnership.change_table", meeting.table)
    form = MemoForm(
        request.POST or None, instance=Meeting(memo_fi=meeting.memo_fi, memo_sv=meeting.memo_sv)
    )
    op = request.POST.get("op", "save")
    if request.method == "POST" and form.is_valid():
        actions.save_memo_texts(meeting, form.cleaned_data["memo_fi"], form.cleaned_data["memo_sv"])
        try:
            if op == "check":
                actions.check_memo(meeting)
            elif op == "publish":
                actions.publish_memo(meeting)
        except ValidationError as error:
            _form_errors(request, error)
        else:
            messages.success(request, _("Saved."))
        return redirect("partnership:memo", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "table": meeting.table,
        "form": form,
        "memo_fi": actions.memo_items(meeting, "fi", public=False),
        "swedish_pending": actions.swedish_pending(meeting),
        "missing": actions.missing_swedish(meeting) if meeting.table.is_bilingual else [],
    }
    return render(request, "partnership/memo.html", context)
