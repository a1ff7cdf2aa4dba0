"""The alert form at the size of a real network, in two steps.

1. Choose: the message in each language, the organisations (filtered by type, theme,
   municipality and plan role, with "select all shown"), alert groups, volunteers, place
   and time. Filtering and "select all shown" are buttons of the same form, so they work
   without JavaScript and lose nothing already written or chosen.
2. Confirm: what will be sent ("4 organisations (9 people) and 6 volunteers: 15 SMS,
   15 e-mails, 3 push", counted by alerting/summary.py from the same code the send uses),
   the text messages per language, the volunteers' shortfall; "Send the alert" or
   "Back to edit" (everything chosen comes back).

The alert is sent only from the confirmation step: its hidden `reviewed` field carries
the fingerprint of exactly the choices it showed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import actions
from ..alerting import activation as alerting
from ..alerting import preview as alertpreview
from ..alerting import scenarios, summary
from ..alerting import texts as alerttexts
from ..forms import ActivationForm, RecipientFilterForm
from .incidents import _incident

# Buttons of the choosing step that only change what it shows.
EDIT_ACTIONS = ("filter", "select_shown", "select_groups", "edit")
BOOLEANS = ("alert_anyway", "send_receipts")
MULTIPLE = ("organizations", "alert_groups", "skills")


def _initial_from(post, form_fields) -> dict:
    """The choices of a posted form as the initial values of an unbound one, so a filter or
    "back to edit" shows them again without judging them yet."""
    initial = {}
    for name in form_fields:
        if name in MULTIPLE:
            initial[name] = post.getlist(name)
        elif name in BOOLEANS:
            initial[name] = name in post
        elif name in post:
            initial[name] = post[name]
    return initial


def _hidden(form) -> list[tuple[str, str]]:
    """The posted choices as hidden fields of the confirmation step."""
    out = []
    for name in form.fields:
        for value in form.data.getlist(name):
            out.append((name, value))
    out += [(k, v) for k, v in form.data.items() if k.startswith("f-")]
    return out


@login_required
def activation_create(request, pk):
    incident = _incident(request, pk, "incidents.manage_incident")
    proposals = scenarios.proposals(incident)
    texts = alerttexts.default_texts(incident)
    task = proposals[0]["task"] if proposals else ""
    post = request.POST if request.method == "POST" else None
    filters = RecipientFilterForm(post, incident=incident)
    editing = post is None or any(a in post for a in EDIT_ACTIONS)
    if editing:
        initial = {"message": texts["fi"], "message_sv": texts["sv"], "message_en": texts["en"]}
        if proposals:
            initial["organizations"] = [str(p["organization"].pk) for p in proposals]
        if post is not None:
            initial = _initial_from(post, ActivationForm.base_fields)
        form = ActivationForm(initial=initial, incident=incident, defaults=texts)
    else:
        form = ActivationForm(post, incident=incident, defaults=texts)
    shown_orgs = filters.organizations(form.fields["organizations"].queryset)
    shown_groups = filters.alert_groups(form.fields["alert_groups"].queryset)
    if editing and post is not None and ("select_shown" in post or "select_groups" in post):
        field, shown = (
            ("organizations", shown_orgs)
            if "select_shown" in post
            else ("alert_groups", shown_groups)
        )
        chosen = set(form.initial.get(field) or ())
        chosen |= {str(pk) for pk in shown.values_list("pk", flat=True)}
        form.initial[field] = sorted(chosen)
    data = _preview_data(post, form, incident, texts)
    context = {"incident": incident, "form": form, "proposals": proposals, "filters": filters}
    if not editing and form.is_valid():
        clean = form.cleaned_data
        token = alertpreview.fingerprint(clean)
        chains = {p["organization"].pk: p["contacts"] for p in proposals}
        tasks = {p["organization"].pk: p["task"] for p in proposals}
        if "preview" not in post and post.get("reviewed") == token:
            return _send(request, incident, form, proposals)
        if "preview" not in post:
            return render(
                request,
                "incidents/activation_confirm.html",
                {
                    **context,
                    "summary": summary.summarise(
                        incident, clean, request.user, chains=chains, tasks=tasks
                    ),
                    "previews": alertpreview.sms_previews(incident, clean, request.user, task),
                    "shortfall": alertpreview.volunteer_shortfall(incident, clean),
                    "reviewed": token,
                    "chosen_organizations": [
                        (o, tasks.get(o.pk, "")) for o in clean["organizations"]
                    ],
                    "hidden": _hidden(form),
                },
            )
    chosen = {str(v) for v in (form.initial.get("organizations") or ())}
    if form.is_bound:
        chosen = set(form.data.getlist("organizations"))
    chosen_groups = {str(v) for v in (form.initial.get("alert_groups") or ())}
    if form.is_bound:
        chosen_groups = set(form.data.getlist("alert_groups"))
    shown_orgs = list(shown_orgs)
    shown_pks = {str(o.pk) for o in shown_orgs}
    shown_groups = list(shown_groups)
    shown_group_pks = {str(g.pk) for g in shown_groups}
    return render(
        request,
        "incidents/activation_form.html",
        {
            **context,
            "shown_orgs": shown_orgs,
            "chosen_orgs": chosen,
            "hidden_orgs": sorted(chosen - shown_pks),
            "total_orgs": form.fields["organizations"].queryset.count(),
            "shown_groups": shown_groups,
            "chosen_groups": chosen_groups,
            "hidden_groups": sorted(chosen_groups - shown_group_pks),
            "previews": alertpreview.sms_previews(incident, data, request.user, task),
            "shortfall": (
                alertpreview.volunteer_shortfall(incident, data) if "_clean" in data else None
            ),
        },
    )


def _preview_data(post, form, incident, texts) -> dict:
    """What the previews are drawn from: the cleaned choices when they are valid (then with
    the key "_clean"), otherwise just the texts as written."""
    if form.is_bound:
        probe = form
    elif post is not None:
        probe = ActivationForm(post, incident=incident, defaults=texts)
    else:
        return {k: form.initial.get(k, "") for k in ("message", "message_sv", "message_en")}
    if probe.is_valid():
        return {**probe.cleaned_data, "_clean": True}
    return {k: post.get(k, "") for k in ("message", "message_sv", "message_en", "place", "bring")}


def _send(request, incident, form, proposals):
    d = form.cleaned_data
    try:
        activation = alerting.activate(
            incident,
            user=request.user,
            message=d["message"],
            message_sv=d["message_sv"],
            message_en=d["message_en"],
            organizations=d["organizations"],
            alert_groups=d["alert_groups"],
            skills=d["skills"],
            volunteer_count=d["volunteer_count"] or 0,
            max_km=d["max_km"],
            reply_timeout_minutes=d["reply_timeout_minutes"],
            chains={p["organization"].pk: p["contacts"] for p in proposals},
            tasks={p["organization"].pk: p["task"] for p in proposals},
            place=d["place"],
            meet_at=d["meet_at"],
            bring=d["bring"],
            include_unavailable=d["alert_anyway"],
            send_receipts=d["send_receipts"],
        )
    except actions.TransitionError:
        messages.error(request, _("Only an open or active incident can be activated."))
        return redirect("incidents:detail", pk=incident.pk)
    messages.success(
        request,
        _("Alert sent to %(n)d recipients, reply code %(code)s.")
        % {"n": activation.recipients.count(), "code": activation.code},
    )
    if activation.outside_slots_alerted:
        messages.info(
            request,
            _("%(n)d of them are outside their availability (alerted anyway).")
            % {"n": activation.outside_slots_alerted},
        )
    if form.dropped_translations:
        messages.info(
            request,
            _(
                "You rewrote the Finnish message but not its proposed translations: "
                "Swedish and English readers got the Finnish message."
            ),
        )
    return redirect("incidents:detail", pk=incident.pk)
