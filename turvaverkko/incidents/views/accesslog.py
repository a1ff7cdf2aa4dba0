"""Who looked at an incident's contact list, and when (the record kept by actions.log_access).

Shown to those who may see the contact list themselves: the incident's coordinators and
admins. Association admins of an alerted organisation never see the list, so not its log.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from ..models import Incident

PAGE_SIZE = 100

# What actions.log_access records, in the reader's language.
LABELS = {"contact list": _("contact list of the alerted people and organisations")}


@login_required
def access_log(request, pk):
    incident = get_object_or_404(Incident, pk=pk)
    if not request.user.has_perm("incidents.view_contacts", incident):
        raise PermissionDenied
    rows = incident.access_logs.select_related("user").order_by("-at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page:
        row.label = LABELS.get(row.what, row.what)
    return render(request, "incidents/access_log.html", {"incident": incident, "page": page})
