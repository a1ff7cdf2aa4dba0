from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from turvaverkko.areas.models import Municipality

from ..paper import pack_context, pack_languages, pack_pdf
from .common import login_required, need


@login_required
def paper_pack(request, code):
    """The printable PDF with names and phone numbers: coordinators of the area only."""
    municipality = get_object_or_404(Municipality, pk=code)
    need(request, "preparedness.view_paper_pack", municipality)
    languages = pack_languages(municipality)
    language = request.GET.get("lang")
    language = language if language in languages else languages[0]
    pdf = pack_pdf(municipality, user=request.user, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"valmiuskansio-{municipality.code}.pdf"
    if language != languages[0]:
        filename = f"valmiuskansio-{municipality.code}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def plan_appendix(request, code):
    """The readiness plan's appendix: the same data without personal contact details."""
    municipality = get_object_or_404(Municipality, pk=code)
    need(request, "preparedness.view_paper_pack", municipality)
    context = pack_context(municipality, private=False)
    context["for_pdf"] = False
    return render(request, "preparedness/appendix.html", context)
