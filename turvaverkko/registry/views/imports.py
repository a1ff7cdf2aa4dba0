"""Import pages: upload → column mapping → preview with choices for duplicates → commit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from turvaverkko.areas.models import Municipality

from .. import actions
from ..forms import MappingForm, UploadForm
from ..importing import ImportFileError, ImportRefused, importer_for_batch
from ..models import ImportBatch
from ..rules import is_admin
from .common import require

PERM = "registry.import_organizations"


def _batch(request, pk) -> ImportBatch:
    """The user's own batch (any batch for an admin); others are not found, not forbidden."""
    require(request.user, PERM)
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch.created_by_id != request.user.pk and not is_admin(request.user):
        raise Http404
    return batch


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    require(request.user, PERM)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = actions.start_import(request.user, form.cleaned_data["file"])
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("registry:import_mapping", pk=batch.pk)
    batches = ImportBatch.objects.filter(created_by=request.user)[:20]
    return render(request, "registry/import_upload.html", {"form": form, "batches": batches})


@login_required
@require_POST
def import_replace(request, pk):
    """A corrected file for an import that is not finished yet."""
    batch = _batch(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if batch.status != ImportBatch.Status.COMMITTED and form.is_valid():
        try:
            batch = actions.replace_import_file(batch, request.user, form.cleaned_data["file"])
        except ImportFileError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The corrected file replaced the earlier one."))
            if batch.status == ImportBatch.Status.UPLOADED:
                return redirect("registry:import_mapping", pk=batch.pk)
    elif not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    return redirect("registry:import_preview", pk=batch.pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request, pk):
    batch = _batch(request, pk)
    if batch.status == ImportBatch.Status.COMMITTED:
        return redirect("registry:import_preview", pk=batch.pk)
    importer = importer_for_batch(batch, request.user)
    form = MappingForm(
        request.POST or None,
        importer=importer,
        headers=batch.headers,
        initial_mapping=batch.mapping,
    )
    if request.method == "POST" and form.is_valid():
        actions.set_import_mapping(batch, form.mapping)
        return redirect("registry:import_preview", pk=batch.pk)
    samples = [row["cells"] for row in batch.rows[:3]]
    columns = [
        {"header": header, "samples": [cells[i] for cells in samples if i < len(cells)]}
        for i, header in enumerate(batch.headers)
    ]
    return render(
        request,
        "registry/import_mapping.html",
        {"batch": batch, "form": form, "columns": columns},
    )


def _decisions(request, results) -> dict[str, str]:
    return {
        str(r.number): request.POST.get(f"decision-{r.number}", "skip")
        for r in results
        if r.duplicate
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, pk):
    batch = _batch(request, pk)
    if batch.status == ImportBatch.Status.UPLOADED:
        return redirect("registry:import_mapping", pk=batch.pk)
    importer = importer_for_batch(batch, request.user)
    refused: list[str] = []
    if request.method == "POST" and batch.status != ImportBatch.Status.COMMITTED:
        decisions = _decisions(request, importer.validate(batch))
        if request.POST.get("action") == "commit":
            try:
                counts = actions.commit_import(batch, request.user, decisions)
            except ImportRefused as exc:
                refused = exc.errors
            except ImportFileError as exc:
                refused = [str(exc)]
            except DatabaseError:
                refused = [_("Saving failed and nothing was imported. Please try again.")]
            else:
                messages.success(
                    request,
                    _("Imported: %(created)s new, %(updated)s updated, %(skipped)s skipped.")
                    % counts,
                )
                return redirect("registry:import_preview", pk=batch.pk)
        else:
            actions.save_import_decisions(batch, decisions)
            messages.success(request, _("Your choices were saved."))
            return redirect("registry:import_preview", pk=batch.pk)
    committed = batch.status == ImportBatch.Status.COMMITTED
    results = [] if committed else importer.validate(batch)
    errors = [e for r in results for e in r.errors]
    names = {m.code: m.name for m in Municipality.objects.all()}
    for r in results:
        r.municipality_names = [names.get(code, code) for code in r.values["municipalities"]]
    labels = {f.name: f.label for f in importer.fields}
    return render(
        request,
        "registry/import_preview.html",
        {
            "batch": batch,
            "committed": committed,
            "results": results,
            "errors": errors,
            "refused": refused,
            "duplicates": sum(1 for r in results if r.duplicate),
            "mapped": [(labels[name], batch.headers[i]) for name, i in batch.mapping.items()],
            "upload_form": UploadForm(),
        },
        status=400 if refused else 200,
    )
