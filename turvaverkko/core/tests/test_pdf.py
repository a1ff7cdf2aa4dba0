"""The one WeasyPrint helper every printing app uses."""

import pytest

from turvaverkko.core.pdf import render_document, render_pdf


def test_renders_html_with_a_static_stylesheet_to_pdf():
    html = "<h1>Valmiuskansio</h1>" + "<p style='break-after: page'>sivu</p>" * 2
    document = render_document(html, "preparedness/paper.css")
    assert len(document.pages) >= 2
    assert render_pdf(html, "preparedness/paper.css").startswith(b"%PDF-")


def test_a_missing_stylesheet_is_named_in_the_error():
    with pytest.raises(FileNotFoundError, match="preparedness/missing.css"):
        render_pdf("<p>x</p>", "preparedness/missing.css")
