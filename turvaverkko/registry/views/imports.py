"""Import pages: upload → column mapping → preview with choices for duplicates → commit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from turvaverkko.areas.models import Municipality
from turvaverkko.importing.base import did_you_mean, error_summary

from .. import actions, lists
from ..forms import MappingForm, UploadForm
from ..importing import ImportFileError, importer_for_batch
from ..models import ImportBatch
from ..rules import is_admin
from .common import require

PERM = "registry.import_organizations"
LATEST = 5  # imports on the upload page; the rest are on the list of imports


def _batch(request, pk) -> ImportBatch:
    """The user's own batch (any batch for an admin); others are not found, not forbidden."""
    require(request.user, PERM)
    # Only organisation imports: other targets (CAP warnings…) have no pages here.
    batch = get_object_or_404(ImportBatch, pk=pk, target="organizations")
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
    batches = ImportBatch.objects.filter(created_by=request.user, target="organizations").defer(
        "rows", "written"
    )[:LATEST]
    return render(
        request,
        "registry/import_upload.html",
        {"form": form, "batches": batches, "latest": LATEST},
    )


@login_required
def import_list(request, export=False):
    """Every organisation import of the user (of everyone, for an admin); `export`: as CSV."""
    require(request.user, PERM)
    listing = lists.import_list(request)
    if export:
        return listing.csv_response()
    return render(request, "registry/import_list.html", listing.context())


@login_required
@require_POST
def import_replace(request, pk):
    """A corrected file for an import that is not finished yet."""
    batch = _batch(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not batch.finished and batch.status != batch.Status.RUNNING and form.is_valid():
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
    if batch.finished or batch.status == batch.Status.RUNNING:
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


def _choices(request, importer, results):
    """The decisions and value mappings the preview form sent."""
    decisions = {
        str(r.number): request.POST.get(f"decision-{r.number}", r.decision)
        for r in results
        if r.choices
    }
    decisions["outside"] = "skip" if request.POST.get("outside") == "skip" else ""
    value_mappings: dict[str, dict[str, str]] = {}
    for name in importer.unmapped_values(results):
        for i in range(int(request.POST.get(f"values-{name}", 0) or 0)):
            value = request.POST.get(f"value-{name}-{i}", "")
            if value:
                value_mappings.setdefault(name, {})[value] = request.POST.get(f"map-{name}-{i}", "")
    return decisions, value_mappings


def _value_steps(importer, results):
    """One step per managed list with unknown values: choose a term, create one, or drop."""
    labels = {f.name: f.label for f in importer.fields}
    steps = []
    for name, values in importer.unmapped_values(results).items():
        managed, terms = importer._lists[name]
        options = sorted(dict(terms.values()).items(), key=lambda t: t[1])
        names = [label for _pk, label in options]
        steps.append(
            {
                "name": name,
                "label": labels.get(name, name),
                "values": [
                    {
                        "value": value,
                        "rows": rows,
                        "guess": did_you_mean(value, names),
                    }
                    for value, rows in values.items()
                ],
                "terms": options,
                "can_create": bool(managed.create) and managed.can_create(importer.user),
            }
        )
    return steps


def _shown(results, importer):
    """The converted values as they will be saved (E.164 phones, lower-case e-mail...)."""
    names = {m.code: m.name for m in Municipality.objects.all()}
    term_names = {
        pk: label for _m, terms in importer._lists.values() for pk, label in terms.values()
    }
    for r in results:
        v = r.values
        r.municipality_names = [names.get(code, code) for code in v.get("municipalities", [])]
        r.term_names = {
            key: [
                term_names.get(t, t.split(":", 1)[-1] + " (" + _("new") + ")")
                for t in v.get(key, [])
            ]
            for key in ("themes", "target_groups")
        }


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, pk):
    batch = _batch(request, pk)
    if batch.status == ImportBatch.Status.UPLOADED:
        return redirect("registry:import_mapping", pk=batch.pk)
    importer = importer_for_batch(batch, request.user)
    refused: list[str] = list(batch.result.get("errors", [])) if not batch.finished else []
    changeable = not batch.finished and batch.status != batch.Status.RUNNING
    if request.method == "POST" and request.POST.get("action") == "discard" and changeable:
        actions.discard_import(batch)
        messages.success(request, _("The import was discarded; nothing was saved."))
        return redirect("registry:import")
    if request.method == "POST" and changeable:
        decisions, value_mappings = _choices(request, importer, importer.validate(batch))
        if request.POST.get("action") == "commit":
            counts, refused = actions.commit_for_page(
                batch, request.user, decisions, value_mappings
            )
            if not refused:
                if counts is not None:
                    messages.success(
                        request,
                        _("Imported: %(created)s new, %(updated)s updated, %(skipped)s skipped.")
                        % counts,
                    )
                return redirect("registry:import_preview", pk=batch.pk)
        else:
            actions.save_import_decisions(batch, decisions, value_mappings)
            messages.success(request, _("Your choices were saved."))
            return redirect("registry:import_preview", pk=batch.pk)
    batch.refresh_from_db()
    active = batch.status == batch.Status.MAPPED
    results = importer.validate(batch) if active else []
    if results:
        _shown(results, importer)
    errors = [e for r in results if not r.outside for e in r.errors]
    outside = importer.outside_rows(results)
    labels = {f.name: f.label for f in importer.fields}
    return render(
        request,
        "registry/import_preview.html",
        {
            "batch": batch,
            "committed": batch.status == batch.Status.COMMITTED,
            "running": batch.status == batch.Status.RUNNING,
            "discarded": batch.status == batch.Status.DISCARDED,
            "results": results,
            "errors": errors,
            "causes": error_summary([r for r in results if not r.outside]),
            "refused": refused,
            "outside": outside,
            "outside_skipped": batch.decisions.get("outside") == "skip",
            "value_steps": _value_steps(importer, results) if results else [],
            "new_count": sum(1 for r in results if r.decision == "create" and not r.errors),
            "duplicates": sum(1 for r in results if r.duplicate),
            "mapped": [(labels[name], batch.headers[i]) for name, i in batch.mapping.items()],
            "not_imported": [
                h for i, h in enumerate(batch.headers) if i not in set(batch.mapping.values())
            ],
            "public_channels": "contact_name" not in batch.mapping,
            "upload_form": UploadForm(),
        },
        status=400 if refused and request.method == "POST" else 200,
    )
