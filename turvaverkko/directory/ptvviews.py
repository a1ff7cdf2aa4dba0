"""Read places and services from PTV through the import framework (coordinators and admins).

"Read" fetches PTV and stores the records as an import batch (nothing is written into the
directory); its preview shows a decision per record (new, update, merge into a place with the
same name and address, skip) and "Import" commits all of it or nothing
(directory/ptv/importing.py, docs/importing.md).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from turvaverkko.importing import actions as imports
from turvaverkko.importing.base import ImportFileError, error_summary
from turvaverkko.importing.models import ImportBatch
from turvaverkko.registry.rules import is_admin, is_coordinator

from .ptv import importing, source
from .ptv.client import PtvError, V11Client

DEFAULT_URL = "https://api.palvelutietovaranto.suomi.fi/api/v11/"
# Reads with more records are committed by the task worker, with progress on the page: a PTV
# record writes a place with its hours and links (about 17 queries; 500 new places took 70 s
# on a loaded test machine), far more than a spreadsheet row.
BACKGROUND_RECORDS = 100


class PtvReadForm(forms.Form):
    business_id = forms.RegexField(
        label=gettext_lazy("Business ID (Y-tunnus) of the organisation"),
        regex=r"^[0-9]{7}-[0-9]$",
        required=False,
    )
    municipality = forms.RegexField(
        label=gettext_lazy("or a municipality code: every service location there"),
        regex=r"^[0-9]{3}$",
        required=False,
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("business_id")) == bool(data.get("municipality")):
            raise forms.ValidationError(_("Give either a business ID or a municipality code."))
        return data


def _read(data) -> source.Read:
    reader = V11Client(getattr(settings, "PTV_READ_URL", "") or DEFAULT_URL)
    if data["business_id"]:
        return source.read_organization(reader, data["business_id"])
    return source.read_municipality(reader, data["municipality"])


def _require(user) -> None:
    if not is_coordinator(user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def ptv_read(request):
    _require(request.user)
    form = PtvReadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = importing.stage(_read(form.cleaned_data), request.user)
        except (PtvError, ImportFileError) as exc:
            form.add_error(None, _("PTV could not be read: %(error)s. Nothing was imported.")
                           % {"error": exc})  # fmt: skip
        else:
            return redirect("directory:ptv_preview", pk=batch.pk)
    batches = ImportBatch.objects.filter(created_by=request.user, target=importing.TARGET)[:10]
    return render(request, "directory/ptv_read.html", {"form": form, "batches": batches})


def _batch(request, pk) -> ImportBatch:
    """The user's own PTV batch (any for an admin); others are not found, not forbidden."""
    _require(request.user)
    batch = get_object_or_404(ImportBatch, pk=pk, target=importing.TARGET)
    if batch.created_by_id != request.user.pk and not is_admin(request.user):
        raise Http404
    return batch


def _decisions(request, results) -> dict[str, str]:
    return {
        str(r.number): request.POST.get(f"decision-{r.number}", r.decision)
        for r in results
        if r.choices
    }


@login_required
@require_http_methods(["GET", "POST"])
def ptv_preview(request, pk):
    batch = _batch(request, pk)
    importer = importing.PtvRecordsImporter(request.user)
    refused: list[str] = list(batch.result.get("errors", [])) if not batch.finished else []
    changeable = batch.status == ImportBatch.Status.MAPPED
    if request.method == "POST" and changeable:
        action = request.POST.get("action")
        if action == "discard":
            imports.discard_import(batch)
            messages.success(request, _("The read was discarded; nothing was imported."))
            return redirect("directory:ptv_read")
        decisions = _decisions(request, importer.validate(batch))
        if action != "commit":
            imports.save_import_decisions(batch, decisions)
            messages.success(request, _("Your choices were saved."))
            return redirect("directory:ptv_preview", pk=batch.pk)
        counts, refused = imports.commit_for_page(
            batch, request.user, decisions, background_rows=BACKGROUND_RECORDS
        )
        if not refused:
            if counts is not None:
                messages.success(
                    request,
                    _("Imported from PTV: %(created)s new, %(updated)s updated, %(skipped)s "
                      "skipped.") % {"skipped": 0, "updated": 0, **counts},
                )  # fmt: skip
            return redirect("directory:ptv_preview", pk=batch.pk)
    batch.refresh_from_db()
    results = importer.validate(batch) if batch.status == ImportBatch.Status.MAPPED else []
    errors = [e for r in results for e in r.errors]
    return render(
        request,
        "directory/ptv_preview.html",
        {
            "batch": batch,
            "committed": batch.status == ImportBatch.Status.COMMITTED,
            "running": batch.status == ImportBatch.Status.RUNNING,
            "discarded": batch.status == ImportBatch.Status.DISCARDED,
            "results": results,
            "summary": importing.summary(results),
            "errors": errors,
            "causes": error_summary(results),
            "refused": refused,
        },
        status=400 if refused and request.method == "POST" else 200,
    )
