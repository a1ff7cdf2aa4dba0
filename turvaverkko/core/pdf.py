"""HTML -> PDF with WeasyPrint, for every app that prints (paper pack, welfare report, incident
report): one place that knows how the stylesheet is found and how WeasyPrint is quietened."""

import logging
from typing import TYPE_CHECKING

from django.contrib.staticfiles import finders

if TYPE_CHECKING:
    # WeasyPrint ships no type information ([tool.mypy] ignore_missing_imports): Any to mypy.
    from weasyprint.document import Document

# WeasyPrint logs every page it lays out at INFO.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def render_document(html: str, stylesheet: str, *, base_url: str | None = None) -> "Document":
    """The laid-out WeasyPrint document (its `.pages`, `.write_pdf()`) of `html`, styled by the
    static file `stylesheet` (e.g. "preparedness/paper.css")."""
    # Imported here: WeasyPrint takes a second to import and most processes never print.
    from weasyprint import CSS, HTML

    path = finders.find(stylesheet)
    if path is None:
        raise FileNotFoundError(f"Static stylesheet {stylesheet!r} not found")
    return HTML(string=html, base_url=base_url).render(stylesheets=[CSS(filename=path)])


def render_pdf(html: str, stylesheet: str, *, base_url: str | None = None) -> bytes:
    # write_pdf() without a target returns the PDF as bytes (WeasyPrint's API; untyped).
    pdf: bytes = render_document(html, stylesheet, base_url=base_url).write_pdf()
    return pdf
