"""Who may open each URL: one row per URL name (test_permission_matrix.py reads this).

A new URL pattern fails the matrix test until it has a row here. Pick the kind:

  public(ok)              anyone, signed in or not, gets `ok` (default 200)
  token(ok)               a link with a secret in it: a wrong secret gets `ok` for everyone
  login(ok)               anyone signed in gets `ok`; anonymous is sent to sign in
  role(read, write=...)   only these personas (by name); other signed-in ones get 403/404
                          (or `refused`), anonymous is sent to sign in; `write` defaults
                          to `read`; `post_only` pages answer GET with 405

Personas: ville (volunteer), olli (admin of the association in Huittinen), ulla (admin of
another association), kaisa (coordinator of Huittinen), mikko (coordinator of Muonio),
reetta (regional coordinator of Satakunta, which has Huittinen), admin. Objects in the URLs
are Olli's and Huittinen's (matrix_world.py).
"""

from dataclasses import dataclass, field

ADMIN_NAMESPACE = "admin"  # the Django admin: one row, see test_admin_site_is_for_verified...
EVERYONE = frozenset({"anonymous", "ville", "olli", "ulla", "kaisa", "mikko", "reetta", "admin"})
SIGNED_IN = EVERYONE - {"anonymous"}
NOT_VOLUNTEER = SIGNED_IN - {"ville"}  # anyone with an organisation or an area
COORDINATORS = frozenset({"kaisa", "mikko", "reetta", "admin"})
HUITTINEN_COORDINATORS = frozenset({"kaisa", "reetta", "admin"})
OLLI_EDITORS = frozenset({"olli", "kaisa", "reetta", "admin"})  # his organisation's things
PLAN_READERS = HUITTINEN_COORDINATORS
PLAN_WRITERS = frozenset({"kaisa", "admin"})  # regional coordinators read plans only
PLAN_CREATORS = frozenset({"kaisa", "mikko", "admin"})
INCIDENT_READERS = frozenset({"olli", "kaisa", "reetta", "admin"})  # olli: his org alerted
VOLUNTEER = frozenset({"ville"})


@dataclass(frozen=True)
class Expect:
    kind: str
    read: frozenset = EVERYONE
    write: frozenset = EVERYONE
    ok: frozenset = frozenset({200})
    refused: frozenset = frozenset({403, 404})
    post_only: bool = False
    note: str = field(default="", compare=False)


def _set(value):
    return frozenset({value}) if isinstance(value, int) else frozenset(value)


def public(ok=200):
    return Expect("public", ok=_set(ok))


def token(ok):
    return Expect("token", ok=_set(ok))


def login(ok=200, post_only=False):
    return Expect("login", read=SIGNED_IN, write=SIGNED_IN, ok=_set(ok), post_only=post_only)


def role(read, write=None, ok=200, refused=(403, 404), post_only=False):
    return Expect(
        "role",
        read=frozenset(read),
        write=frozenset(read if write is None else write),
        ok=_set(ok),
        refused=_set(refused),
        post_only=post_only,
    )


MATRIX = {
    "root": public(302),  # to the user's language
    "healthz": public(),
    "healthz-live": public(),
    "healthz-ready": public(),
    "healthz-workers": public(),
    "service_worker": public(),
    "set_language": public(302),
    # --- API: public reads, writes for those the object rules allow ---
    "api:api-root": public(),
    "api:schema": public(),
    "api:docs": public(),
    "api:bench-trivial": public(),
    "api:region-list": public(),
    "api:region-detail": public(),
    "api:county-list": public(),
    "api:county-detail": public(),
    "api:municipality-list": public(),
    "api:municipality-detail": public(),
    "api:postalcode-list": public(),
    "api:postalcode-detail": public(),
    "api:organization-list": public(),
    "api:organization-detail": public(),
    "api:taxonomyterm-list": public(),
    "api:taxonomyterm-detail": public(),
    "api:language-list": public(),
    "api:language-detail": public(),
    "api:site-list": public(),
    "api:site-detail": public(),
    "api:service-list": public(),
    "api:service-detail": public(),
    "api:serviceatlocation-list": public(),
    "api:serviceatlocation-detail": public(),
    "api:contact-list": login(),  # each sees the contacts they may (possibly none)
    "api:contact-detail": role(OLLI_EDITORS),
    "api:volunteer-list": role(NOT_VOLUNTEER),  # association admins see their members
    "api:volunteer-detail": role(HUITTINEN_COORDINATORS),  # Ville's home municipality
    "api:volunteer-me": role(VOLUNTEER),  # others have no profile: 404
    # --- HSDS 3.0: public data only ---
    "hsds:root": public(),
    "hsds:openapi": public(),
    "hsds:profile": public(),
    "hsds:services": public(),
    "hsds:service": public(),
    "hsds:organizations": public(),
    "hsds:organization": public(),
    "hsds:service_at_locations": public(),
    "hsds:service_at_location": public(),
    "hsds:taxonomies": public(),
    "hsds:taxonomy": public(),
    "hsds:taxonomy_terms": public(),
    "hsds:taxonomy_term": public(),
    # --- webhooks and links with a secret (a wrong one here) ---
    "notify_hooks:sms_inbound": public(405),  # POST only; authenticated by the gateway
    "notify_hooks:sms_delivery_report": public(405),  # likewise
    "incident_hooks:reply_link": token(404),
    "incident_hooks:alert_page": token(404),
    "incident_hooks:help_link": token(404),
    "incident_hooks:help_link_answer": token(404),
    "outreach_hooks:booking_link": token(404),
    "accounts:password_reset_confirm": token(200),  # "the link is not valid" page
    "registry:accept_invitation": token(400),
    "volunteers:confirm": token(400),
    "volunteers:confirm_email_change": token(400),
    "volunteers:sign_in_link": token(400),
    "volunteers:keep": token(400),
    # --- accounts ---
    "accounts:login": public(),
    "accounts:logout": public(405),  # POST only
    "accounts:password_reset": public(),
    "accounts:password_reset_done": public(),
    "accounts:password_reset_complete": public(),
    "accounts:account": login(),
    "accounts:two_factor": login(302),  # already verified: on to the next page
    "accounts:two_factor_setup": login(),
    "accounts:backup_codes": login(302),  # shown once, right after they were made
    "accounts:new_backup_codes": login(post_only=True),
    "accounts:create_api_token": login(post_only=True),
    "accounts:revoke_api_token": login(post_only=True),
    "accounts:password_change": login(),
    "accounts:password_change_done": login(),
    # --- public directory and its editing ---
    "directory:search": public(),
    "directory:map": public(),
    "directory:map_data": public(400),  # needs a bounding box
    "directory:site_detail": public(),
    "directory:site_calendar": public(),
    "directory:service_detail": public(),
    "directory:site_create": role(NOT_VOLUNTEER),
    "directory:site_list": role(NOT_VOLUNTEER),
    "directory:site_list_csv": role(COORDINATORS),
    "directory:ptv_read": role(COORDINATORS),  # reads PTV into an import batch
    "directory:ptv_preview": role({"kaisa", "admin"}, ok=(200, 302)),  # Kaisa's PTV read
    "directory:site_edit": role(OLLI_EDITORS),
    "directory:site_history": role(OLLI_EDITORS),
    "directory:service_history": role(OLLI_EDITORS),
    "directory:service_edit": role(OLLI_EDITORS, ok=(200, 302)),
    "directory:service_ptv": role(OLLI_EDITORS),  # the service as PTV JSON, a download
    # --- registry ---
    "registry:detail": public(),  # the public part; contacts only for OLLI_EDITORS
    "registry:list": role(COORDINATORS),
    "registry:list_csv": role(COORDINATORS),
    "registry:import_list": role(COORDINATORS),
    "registry:import_list_csv": role(COORDINATORS),
    "registry:create": role(COORDINATORS),
    "registry:import": role(COORDINATORS),
    "registry:import_preview": role({"kaisa", "admin"}, ok=(200, 302)),  # Kaisa's upload
    "registry:import_mapping": role({"kaisa", "admin"}),
    "registry:import_replace": role({"kaisa", "admin"}, post_only=True),
    "registry:edit": role(OLLI_EDITORS),
    "registry:confirm": role(OLLI_EDITORS),
    "registry:invite": role(HUITTINEN_COORDINATORS),
    # --- volunteers ---
    "volunteers:sign_up": public((200, 302)),  # a volunteer is sent to their profile
    "volunteers:sign_up_sent": public(),
    "volunteers:sign_in": public(),
    "volunteers:sign_in_sent": public(),
    "volunteers:erased": public(),
    "volunteers:offer_help": public(),
    "volunteers:offer_help_thanks": public(),
    "volunteers:profile": role(VOLUNTEER, refused=302),  # others: to the sign-up
    "volunteers:memberships": role(VOLUNTEER, refused=302),
    "volunteers:pause_alerts": role(VOLUNTEER, post_only=True),
    "volunteers:push_subscribe": role(VOLUNTEER, post_only=True),
    "volunteers:push_unsubscribe": role(VOLUNTEER, post_only=True),
    "volunteers:export": role(VOLUNTEER),
    "volunteers:erase": role(VOLUNTEER),
    "volunteers:volunteer_list": role(NOT_VOLUNTEER),
    "volunteers:offer_list": role(COORDINATORS),
    "volunteers:volunteer_list_csv": role(COORDINATORS),
    "volunteers:offer_list_csv": role(COORDINATORS),
    # Offers carry contact details: the municipal coordinators of the offer's municipality.
    "volunteers:offer_handled": role({"kaisa", "admin"}, post_only=True),
    # --- insights ---
    "insights:coverage": role(COORDINATORS),
    "insights:coverage_run": role(HUITTINEN_COORDINATORS),
    "insights:coverage_status": role(HUITTINEN_COORDINATORS),
    "insights:coverage_cells": role(HUITTINEN_COORDINATORS, ok=404),  # the run has no cells
    "insights:coverage_points": role(HUITTINEN_COORDINATORS, ok=404),
    "insights:coverage_refresh": role(HUITTINEN_COORDINATORS, post_only=True),
    "insights:coverage_what_if": role(HUITTINEN_COORDINATORS, post_only=True),
    "insights:coverage_suggest": role(HUITTINEN_COORDINATORS, post_only=True),
    "insights:report_form": role(COORDINATORS),
    "insights:report": role(HUITTINEN_COORDINATORS),
    "insights:report_download": role(HUITTINEN_COORDINATORS),
    "insights:statistics": role(COORDINATORS),
    "insights:hxl_export": role(COORDINATORS),
    # --- resources ---
    "resources:list": role(NOT_VOLUNTEER),
    "resources:list_csv": role(COORDINATORS),
    "resources:geojson": login(),  # each sees the resources they may
    "resources:create": role(NOT_VOLUNTEER),
    "resources:detail": role(OLLI_EDITORS),
    "resources:edit": role(OLLI_EDITORS),
    "resources:confirm": role(OLLI_EDITORS, post_only=True),
    # --- preparedness ---
    "preparedness:plans": role(COORDINATORS),
    "preparedness:agreements": role(COORDINATORS),
    "preparedness:risks": role(COORDINATORS),
    "preparedness:exercises": role(COORDINATORS),
    "preparedness:plan_create": role(PLAN_CREATORS),
    "preparedness:agreement_create": role(PLAN_CREATORS),
    "preparedness:risk_create": role(PLAN_CREATORS),
    "preparedness:exercise_create": role(PLAN_CREATORS),
    "preparedness:plan": role(PLAN_READERS),  # a page to read; a POST only shows it again
    "preparedness:exercise": role(PLAN_READERS, write=PLAN_WRITERS),
    "preparedness:paper_pack": role(PLAN_READERS),
    "preparedness:appendix": role(PLAN_READERS),
    "preparedness:agreement_document": role(PLAN_READERS, ok=404),  # no document uploaded
    "preparedness:plan_edit": role(PLAN_WRITERS),
    "preparedness:scenario_create": role(PLAN_WRITERS),
    "preparedness:scenario_edit": role(PLAN_WRITERS),
    "preparedness:role_create": role(PLAN_WRITERS),
    "preparedness:role_edit": role(PLAN_WRITERS),
    "preparedness:role_chain": role(PLAN_WRITERS),
    "preparedness:agreement_edit": role(PLAN_WRITERS),
    "preparedness:risk_edit": role(PLAN_WRITERS),
    "preparedness:exercise_edit": role(PLAN_WRITERS),
    "preparedness:plan_approve": role(PLAN_WRITERS, post_only=True),
    "preparedness:scenario_delete": role(PLAN_WRITERS, post_only=True),
    "preparedness:role_delete": role(PLAN_WRITERS, post_only=True),
    # --- incidents ---
    "cap:warnings": role(COORDINATORS),
    "cap:warning": role(COORDINATORS),
    "cap:warning_dismiss": role(HUITTINEN_COORDINATORS, post_only=True),
    "incidents:list": role(NOT_VOLUNTEER - {"ulla"}),  # coordinators, alerted associations
    "incidents:create": role(COORDINATORS),
    "incidents:detail": role(INCIDENT_READERS),
    "incidents:help_create": role(INCIDENT_READERS),
    "incidents:log": role(INCIDENT_READERS, post_only=True),
    "incidents:headcount": role(HUITTINEN_COORDINATORS),
    "incidents:headcount_json": role(HUITTINEN_COORDINATORS),
    "incidents:messages": role(HUITTINEN_COORDINATORS),
    "incidents:message_handle": role(HUITTINEN_COORDINATORS, post_only=True),
    "incidents:resend": role(HUITTINEN_COORDINATORS, post_only=True),
    "incidents:activate": role(HUITTINEN_COORDINATORS),
    "incidents:stand_down": role(HUITTINEN_COORDINATORS),  # GET: what it will do
    "incidents:close": role(HUITTINEN_COORDINATORS),  # GET: what it will do
    "incidents:access_log": role(HUITTINEN_COORDINATORS),
    "incidents:report": role(HUITTINEN_COORDINATORS),
    "incidents:help_detail": role(HUITTINEN_COORDINATORS),
    "incidents:status": role(HUITTINEN_COORDINATORS, post_only=True),
    "incidents:update": role(HUITTINEN_COORDINATORS, post_only=True),
    "incidents:cancel": role(HUITTINEN_COORDINATORS, post_only=True),
    "incidents:recipient_status": role(HUITTINEN_COORDINATORS, post_only=True),
    "incidents:recipients_bulk_status": role(HUITTINEN_COORDINATORS, post_only=True),
    "incidents:lessons": role(HUITTINEN_COORDINATORS, post_only=True),
    "incidents:help_invite": role(HUITTINEN_COORDINATORS, post_only=True),
    "incidents:help_assignment_status": role(HUITTINEN_COORDINATORS, post_only=True),
    # A volunteer's own home (incidents/volunteer_home.py): others have no profile, 404.
    "incidents:volunteer_home": role(VOLUNTEER),
    "incidents:volunteer_alert": role(VOLUNTEER),
    "incidents:volunteer_answer": role(VOLUNTEER, post_only=True),
    "incidents:volunteer_help_answer": role(VOLUNTEER, post_only=True),
    # --- partnership tables ---
    "partnership:tables": role(COORDINATORS),
    "partnership:table_create": role(COORDINATORS),
    "partnership:table": role(HUITTINEN_COORDINATORS),
    "partnership:call": role(HUITTINEN_COORDINATORS),
    "partnership:call_apply": role({"olli", "ulla"}),  # association admins apply for their own
    "partnership:meeting": role(HUITTINEN_COORDINATORS),
    "partnership:memo": role(HUITTINEN_COORDINATORS),
    "partnership:public_table": public(),
    "partnership:decisions": public(),
    "partnership:propose": public(),
    "partnership:calendar": public(),
    "partnership:oparl": public(),
    "partnership:public_meeting": public(),
    "partnership:memo_pdf": public(404),  # the memo is still a draft
    "partnership:rsvp": token(404),
    "partnership:welfare": public(),
    "partnership:welfare_manage": role(PLAN_WRITERS),
    "partnership:welfare_csv": public(),
    "partnership:welfare_json": public(),
    # --- outreach: public timetables, feeds and booking; the programme's runners ---
    "outreach:programme_create": role(NOT_VOLUNTEER),  # coordinators and association admins
    "outreach:programme": public(),
    "outreach:programme_ics": public(),
    "outreach:programme_hsds": public(),  # HSDS service_at_location documents, public data
    "outreach:subscribe": public(405),  # POST only (the form on the programme page)
    "outreach:series_create": role(OLLI_EDITORS),
    "outreach:reach": role(OLLI_EDITORS),
    "outreach:route": role(OLLI_EDITORS),
    "outreach:site": public(),
    "outreach:site_ics": public(),
    "outreach:visit_book": public(),  # no login: residents book with a name and one contact
    "outreach:visit_cancel": role(OLLI_EDITORS),
    "outreach:visit_move": role(OLLI_EDITORS),
    "outreach:visit_tally": role(OLLI_EDITORS),
    "outreach:visit_bookings": role(OLLI_EDITORS),  # names and contacts: the team only
    "outreach:series_edit": role(OLLI_EDITORS),
    "outreach:series_end": role(OLLI_EDITORS, post_only=True),
    "outreach:booking_cancel": token(404),
    # --- knowledge: public reads (contacts of implementations only for coordinators) ---
    "knowledge:models": public(),
    "knowledge:models_csv": public(),
    "knowledge:models_json": public(),
    "knowledge:model_create": role(NOT_VOLUNTEER),
    "knowledge:model_detail": public(),
    "knowledge:model_edit": role(NOT_VOLUNTEER),
    "knowledge:model_confirm": role(NOT_VOLUNTEER, post_only=True),
    "knowledge:model_innokyla": public(),
    "knowledge:implementation_create": role(NOT_VOLUNTEER),
    "knowledge:projects": public(),
    "knowledge:project_create": role(NOT_VOLUNTEER),
    "knowledge:project_detail": public(),
    "knowledge:project_edit": role(NOT_VOLUNTEER),
    "knowledge:project_stea_report": role(COORDINATORS),
    "partnership:negotiations": role(COORDINATORS),
    "partnership:negotiation": role(HUITTINEN_COORDINATORS),  # coordinators in the county
    "partnership:negotiation_pack": role(HUITTINEN_COORDINATORS),
    "partnership:survey": token(404),
    # --- web ---
    "web:dashboard": login(),
    "web:accessibility": public(),
}

# Which object a `pk` is, by the longest matching prefix of the URL name.
PK_OBJECTS = {
    "directory:site": "site",
    "directory:ptv_": "ptv_batch",
    "directory:service": "service",
    "registry:import": "batch",
    "registry:": "organization",
    "volunteers:offer": "offer",
    "resources:": "resource",
    "preparedness:plan": "plan",
    "preparedness:scenario_create": "plan",
    "preparedness:scenario": "scenario",
    "preparedness:role_create": "scenario",
    "preparedness:role": "role",
    "preparedness:agreement": "agreement",
    "preparedness:risk": "risk",
    "preparedness:exercise": "exercise",
    "incidents:": "incident",
    "cap:": "warning",
    "incidents:volunteer_alert": "ville_recipient",
    "incidents:volunteer_answer": "ville_recipient",
    "incidents:volunteer_help_answer": "assignment",
    "partnership:call": "partnership_call",
    "partnership:meeting": "partnership_meeting",
    "partnership:memo": "partnership_meeting",
    "partnership:public_meeting": "partnership_meeting",
    "partnership:welfare_manage": "agreement",
    "partnership:welfare": "welfare",
    "partnership:negotiation": "partnership_negotiation",
    "partnership:": "partnership_table",
    "outreach:site": "site",
    "outreach:series_edit": "visit_series",
    "outreach:series_end": "visit_series",
    "outreach:visit": "visit",
    "outreach:": "programme",
    "knowledge:model": "operating_model",
    "knowledge:implementation": "operating_model",
    "knowledge:project": "project",
    "api:organization": "organization",
    "api:site": "site",
    "api:service-": "service",
    "api:serviceatlocation": "service_at_location",
    "api:contact": "contact",
    "api:volunteer": "volunteer",
    "api:region": "region",
    "api:county": "county",
    "api:municipality": "municipality",
    "api:postalcode": "postal_code",
    "api:language": "language",
    "api:taxonomyterm": "term",
    "hsds:service_at_location": "service_at_location",
    "hsds:service": "service",
    "hsds:organization": "organization",
    "hsds:taxonomy_term": "term",
    "hsds:taxonomy": "taxonomy",
}
# Other parameters: a wrong secret for the links, the rest from the objects.
OTHER = {
    "token": lambda p, o: "wrong-secret",
    "uidb64": lambda p, o: "wrong",
    "answer": lambda p, o: "1",
    "status": lambda p, o: "closed",
    "activation_pk": lambda p, o: o.activation.pk,
    "recipient_pk": lambda p, o: o.recipient.pk,
    "help_pk": lambda p, o: o.help_request.pk,
    "assignment_pk": lambda p, o: o.assignment.pk,
    "run_id": lambda p, o: o.run.pk,
    "code": lambda p, o: p.huittinen.code,
    "year": lambda p, o: 2026,
    "fmt": lambda p, o: "xlsx",
}


def PARAMETERS(name, param, personas, objects):  # noqa: N802 (a table, read like one)
    if param in ("pk", "object_id"):
        prefix = max((k for k in PK_OBJECTS if name.startswith(k)), key=len, default=None)
        assert prefix is not None, f"say which object the pk of {name} is in PK_OBJECTS"
        return objects.pk_of(PK_OBJECTS[prefix], personas)
    assert param in OTHER, f"say how to fill {param} of {name} in OTHER"
    return OTHER[param](personas, objects)
