"""Public pages (fi/sv/en): the table, a meeting and its public memo, the decisions register,
topic proposals, the feeds, and the one-tap RSVP link."""

import json
from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from turvaverkko.core.pdf import render_pdf
from turvaverkko.registry.rules import administered_organization_ids

from .. import actions, feeds
from ..forms import ProposalForm
from ..models import Attendance, Meeting, PartnershipTable
from ..rules import can_keep_table


def _public_table(pk: int) -> PartnershipTable:
    table = get_object_or_404(PartnershipTable, pk=pk)
    if not table.is_public:
        raise Http404
    return table


def _url(request: HttpRequest) -> feeds.Url:
    return request.build_absolute_uri


def _json_ld(data: object) -> SafeString:
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 (escaped above, as json_script does)


def table_page(request: HttpRequest, pk: int) -> HttpResponse:
    table = _public_table(pk)
    now = timezone.now()
    upcoming = list(table.meetings.filter(starts_at__gte=now - timedelta(hours=3))[:6])
    past = table.meetings.filter(memo_status=Meeting.MemoStatus.PUBLIC).order_by("-starts_at")
    members = list(actions.current_memberships(table))
    seats = list(table.seats.all())
    for seat in seats:
        seat.holders = [m for m in members if m.seat_id == seat.pk]  # type: ignore[attr-defined]
    context = {
        "table": table,
        "upcoming": upcoming,
        "past": past,
        "seats": seats,
        "members": members,
        "json_ld": _json_ld(feeds.schema_events(table, upcoming, _url(request))),
        "keeper": can_keep_table(request.user, table),
        "open_calls": table.calls.filter(deadline__gte=timezone.localdate()),
    }
    return render(request, "partnership/public_table.html", context)


def _is_member(request: HttpRequest, meeting: Meeting) -> bool:
    if can_keep_table(request.user, meeting.table):
        return True
    orgs = administered_organization_ids(request.user)
    return bool(orgs) and any(
        m.organization_id in orgs for m in actions.current_memberships(meeting.table)
    )


def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("table"), pk=pk)
    if not meeting.table.is_public:
        raise Http404
    lang = (get_language() or "fi")[:2]
    public_memo = meeting.memo_status == Meeting.MemoStatus.PUBLIC
    context = {
        "meeting": meeting,
        "table": meeting.table,
        "public_memo": public_memo,
        "items": actions.memo_items(meeting, lang, public=True),
        "memo_text": (meeting.memo_sv if lang == "sv" and meeting.memo_sv else meeting.memo_fi),
        "swedish_pending": lang == "sv" and actions.swedish_pending(meeting),
        "show_link": _is_member(request, meeting) and actions.online_link_visible(meeting),
        "json_ld": _json_ld(feeds.schema_events(meeting.table, [meeting], _url(request))[0]),
    }
    return render(request, "partnership/public_meeting.html", context)


def memo_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("table"), pk=pk)
    if not meeting.table.is_public or meeting.memo_status != Meeting.MemoStatus.PUBLIC:
        raise Http404
    lang = (get_language() or "fi")[:2]
    html = render_to_string(
        "partnership/memo_print.html",
        {
            "meeting": meeting,
            "table": meeting.table,
            "items": actions.memo_items(meeting, lang, public=True),
            "memo_text": meeting.memo_sv if lang == "sv" and meeting.memo_sv else meeting.memo_fi,
        },
        request=request,
    )
    pdf = render_pdf(html, "partnership/memo.css")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"muistio-{meeting.starts_at:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def decisions(request: HttpRequest, pk: int) -> HttpResponse:
    table = _public_table(pk)
    query = request.GET.get("q", "").strip()[:100]
    items = actions.decisions(table, query)
    return render(
        request, "partnership/decisions.html", {"table": table, "items": items, "q": query}
    )


def propose(request: HttpRequest, pk: int) -> HttpResponse:
    table = _public_table(pk)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposal = form.save(commit=False)
        proposal.table = table
        proposal.save()
        messages.success(request, _("Thank you: the secretary will consider your topic."))
        return redirect("partnership:public_table", pk=table.pk)
    return render(
        request,
        "partnership/form.html",
        {"form": form, "title": _("Propose a topic"), "table": table, "public": True},
    )


def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    table = _public_table(pk)
    with_link = request.GET.get("key", "") == table.feed_token and bool(table.feed_token)
    body = feeds.calendar(table, _url(request), with_link=with_link)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="table-{table.pk}.ics"'
    return response


def oparl(request: HttpRequest, pk: int) -> JsonResponse:
    table = _public_table(pk)
    return JsonResponse(
        feeds.oparl(table, _url(request)), json_dumps_params={"ensure_ascii": False}
    )


def rsvp(request: HttpRequest, token: str, answer: str) -> HttpResponse:
    """One tap from the invitation: GET shows a button (link scanners must not answer), POST
    records the answer."""
    attendance = Attendance.objects.filter(token=token).select_related("meeting__table").first()
    if attendance is None or answer not in Attendance.Answer.values:
        return render(request, "partnership/rsvp.html", {"invalid": True}, status=404)
    if request.method == "POST":
        actions.rsvp(token, answer)
        attendance.refresh_from_db()
        messages.success(request, _("Thank you, your answer was recorded."))
    return render(
        request,
        "partnership/rsvp.html",
        {"attendance": attendance, "answer": Attendance.Answer(answer)},
    )
