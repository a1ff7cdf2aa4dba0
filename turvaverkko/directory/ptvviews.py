"""Read places and services from PTV with a preview (coordinators and admins).

"Preview" reads PTV and shows what would change, writing nothing; "Import" reads again and
commits all of it or nothing (directory/ptv/staging.py).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from turvaverkko.registry.rules import is_coordinator

from .ptv import staging
from .ptv.client import PtvError, V11Client

DEFAULT_URL = "https://api.palvelutietovaranto.suomi.fi/api/v11/"


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


def _read(data):
    reader = V11Client(getattr(settings, "PTV_READ_URL", "") or DEFAULT_URL)
    if data["business_id"]:
        return staging.read_organization(reader, data["business_id"])
    return staging.read_municipality(reader, data["municipality"])


@login_required
def ptv_read(request):
    if not is_coordinator(request.user):
        raise PermissionDenied
    form = PtvReadForm(request.POST or None)
    preview = summary = None
    if request.method == "POST" and form.is_valid():
        try:
            preview = _read(form.cleaned_data)
            if request.POST.get("action") == "commit":
                done = staging.commit(preview)
                messages.success(
                    request,
                    _("Imported from PTV: %(new)s new, %(changed)s updated, %(deleted)s removed.")
                    % done,
                )
                return redirect("directory:ptv_read")
            summary = preview.summary()
        except PtvError as exc:
            form.add_error(None, _("PTV could not be read: %(error)s. Nothing was imported.")
                           % {"error": exc})  # fmt: skip
            preview = None
    return render(
        request,
        "directory/ptv_read.html",
        {"form": form, "preview": preview, "summary": summary},
    )
