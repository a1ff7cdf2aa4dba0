"""The after-action report of an incident: timeline, activations, reply figures, lessons."""

from django.template.loader import render_to_string
from django.utils import timezone

from turvaverkko.core.pdf import render_pdf

from ..figures import figures


def report_html(incident) -> str:
    return render_to_string(
        "incidents/report.html",
        {
            "incident": incident,
            "figures": figures(incident),
            "activations": incident.activations.order_by("created_at"),
            "timeline": incident.log_entries.order_by("created_at", "pk").select_related(
                "author", "organization"
            ),
            "printed": timezone.now(),
        },
    )


def report_pdf(incident) -> bytes:
    return render_pdf(report_html(incident), "incidents/report.css")
