"""The coordinators' lists of volunteers and offers of help (core.lists).

Contact details follow rules.py: a volunteer's phone and e-mail only for the municipal
coordinators of their home municipality (and admins), on the page and in the CSV alike; the
other columns are blank for everyone else. Offers are listed only to those who may see them.
"""

from django.db.models import Case, CharField, Q, Value, When
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.lists import municipalities_in
from turvaverkko.core.lists import Choice, Column, ListPage, Search, Sort, first
from turvaverkko.registry.models import Language, TaxonomyTerm
from turvaverkko.registry.rules import administered_organization_ids, assigned_municipality_codes

from .models import Volunteer
from .rules import contact_municipality_codes, visible_offers, visible_volunteers


def _date(value) -> str:
    return date_format(value, "Y-m-d") if value else ""


def _skills(scope):
    return [(t.pk, t.name) for t in TaxonomyTerm.objects.filter(taxonomy="skill")]


def shows_contacts(codes: set[str] | None, volunteer) -> bool:
    return codes is None or volunteer.home_municipality_id in codes


def contacts_q(codes: set[str] | None) -> Q:
    """The volunteers whose contact details `codes` (contact_municipality_codes) open."""
    return Q() if codes is None else Q(home_municipality__in=codes)


def volunteer_list(request) -> ListPage:
    user = request.user
    volunteers = (
        visible_volunteers(user)
        .select_related("home_municipality")
        .prefetch_related("skills", "languages", "interpreting_languages", "availability")
    )
    sorts = [
        Sort("name", _("Name"), ["name"]),
        Sort("municipality", _("Home municipality"), ["home_municipality__name_fi", "name"]),
        Sort("active", _("Recently active first"), ["-last_active_at"]),
    ]
    codes = assigned_municipality_codes(user)
    org_ids = administered_organization_ids(user)
    if codes or org_ids:
        members = Volunteer.organizations.through.objects.filter(organization_id__in=org_ids)
        own = Q(home_municipality__in=codes) | Q(pk__in=members.values("volunteer_id"))
        sorts.insert(0, Sort("area", _("My area first"), [first(own), "name"]))
    contact_codes = contact_municipality_codes(user)

    def contact(value):
        return lambda v: value(v) if shows_contacts(contact_codes, v) else ""

    return ListPage(
        request,
        volunteers,
        filters=[
            Search("q", _("Search by name"), ["name"]),
            Choice("skill", _("Skill"), "skills", _skills, any_label=_("Any skill")),
            Choice(
                "language",
                _("Language"),
                "languages",
                lambda scope: [(lang.code, lang.name) for lang in Language.objects.all()],
                any_label=_("Any"),
            ),
            Choice(
                "municipality",
                _("Home municipality"),
                "home_municipality",
                municipalities_in("home_municipality"),
                any_label=_("Any"),
            ),
        ],
        sorts=sorts,
        columns=[
            Column(_("Name"), lambda v: v.name),
            Column(
                _("Home municipality"),
                lambda v: v.home_municipality.name if v.home_municipality else "",
            ),
            Column(_("Skills"), lambda v: [s.name for s in v.skills.all()]),
            Column(_("Languages"), lambda v: [lang.name for lang in v.languages.all()]),
            Column(
                _("Interprets"), lambda v: [lang.name for lang in v.interpreting_languages.all()]
            ),
            Column(_("Driving licence"), lambda v: v.driving_licence_classes),
            Column(_("Phone"), contact(lambda v: v.phone)),
            Column(_("E-mail"), contact(lambda v: v.email)),
            Column(_("Channels"), contact(lambda v: v.channel_labels)),
            Column(_("Available"), contact(lambda v: [str(a) for a in v.availability.all()])),
            Column(_("Not alerted until"), lambda v: _date(v.do_not_alert_until)),
        ],
        filename="volunteers",
        csv_url=reverse("volunteers:volunteer_list_csv")
        if user.has_perm("volunteers.export_volunteers")
        else "",
    )


def offer_list(request) -> ListPage:
    offers = (
        visible_offers(request.user)
        .select_related("municipality", "handled_by")
        .prefetch_related("skills")
        .annotate(
            state=Case(
                When(handled_at__isnull=True, then=Value("new")),
                default=Value("handled"),
                output_field=CharField(),
            )
        )
    )
    return ListPage(
        request,
        offers,
        filters=[
            Choice(
                "show",
                _("Show"),
                "state",
                [("new", _("New offers")), ("handled", _("Handled offers"))],
                default="new",
            ),
            Choice("skill", _("Can help with"), "skills", _skills, any_label=_("Any skill")),
            Choice(
                "municipality",
                _("Municipality"),
                "municipality",
                municipalities_in("municipality"),
                any_label=_("Any"),
            ),
        ],
        sorts=[
            Sort("newest", _("Newest first"), ["-created_at"]),
            Sort("oldest", _("Oldest first"), ["created_at"]),
            Sort("name", _("Name"), ["name"]),
        ],
        columns=[
            Column(_("Name"), lambda o: o.name),
            Column(_("Phone"), lambda o: o.phone),
            Column(_("E-mail"), lambda o: o.email),
            Column(_("Municipality"), lambda o: o.municipality.name if o.municipality else ""),
            Column(_("Can help with"), lambda o: [s.name for s in o.skills.all()]),
            Column(_("Message"), lambda o: o.message),
            Column(_("Received"), lambda o: _date(o.created_at)),
            Column(_("Handled"), lambda o: _date(o.handled_at)),
        ],
        filename="offers-of-help",
        csv_url=reverse("volunteers:offer_list_csv"),
    )
