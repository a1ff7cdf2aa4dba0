"""The paper pack: what a coordinator needs on paper when the network and power are down.

Generated on request (WeasyPrint takes well under a second for a municipality), so it is
always current: no cache can hand out yesterday's phone numbers. The same data, without
personal phone numbers, is the appendix of the municipal readiness plan (an HTML page).
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from turvaverkko.core.pdf import render_document
from turvaverkko.resources.models import Resource

from .models import ReadinessPlan


def pack_context(municipality, *, private: bool) -> dict:
    plans = (
        ReadinessPlan.objects.filter(municipalities=municipality)
        .prefetch_related(
            "municipalities",
            "scenarios__roles__organization__contacts",
            "scenarios__roles__chain_links__contact",
            "scenarios__roles__resources",
            "scenarios__roles__agreement",
        )
        .order_by("title")
    )
    tree = {}
    plan_rows = []
    for plan in plans:
        scenarios = []
        for scenario in plan.scenarios.all():
            roles = []
            for role in scenario.roles.all():
                chain = role.contact_chain()
                roles.append({"role": role, "chain": chain})
                tree.setdefault(role.organization.pk, (role.organization, chain))
            scenarios.append({"scenario": scenario, "roles": roles})
        plan_rows.append({"plan": plan, "scenarios": scenarios})
    resources = Resource.objects.filter(municipality=municipality).select_related(
        "organization", "site"
    )
    now = timezone.localtime()
    printed = _("Printed %(date)s at %(time)s") % {
        "date": f"{now.day}.{now.month}.{now.year}",
        "time": now.strftime("%H.%M"),
    }
    return {
        "municipality": municipality,
        "plans": plan_rows,
        "resources": resources,
        "phone_tree": sorted(tree.values(), key=lambda t: t[0].name),
        "private": private,
        "printed": printed,
    }


def pack_html(municipality, *, private: bool = True, for_pdf: bool = True) -> str:
    context = pack_context(municipality, private=private)
    context["for_pdf"] = for_pdf
    return render_to_string("preparedness/paper_pack.html", context)


def pack_document(municipality):
    """The laid-out WeasyPrint document (pages) of the private paper pack."""
    html = pack_html(municipality, private=True, for_pdf=True)
    return render_document(html, "preparedness/paper.css")


def pack_pdf(municipality) -> bytes:
    return pack_document(municipality).write_pdf()
