"""'Copy for Innokylä': one block of text per section and field, in Innokylä's order."""

from django.utils.translation import gettext as _

from .models import SECTIONS, OperatingModel


def blocks(model: OperatingModel, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(section title, [(field label, text)])] in Innokylä's order, for `lang`."""
    result = []
    for _key, title, fields in SECTIONS:
        rows = []
        for field, _required in fields:
            label = str(getattr(OperatingModel._meta.get_field(field), "verbose_name", field))
            text = (
                getattr(model, field) if field in ("funder", "author") else model.text(field, lang)
            )
            rows.append((label[:1].upper() + label[1:], text.strip()))
        result.append((str(title), rows))
    return result


def as_text(model: OperatingModel, lang: str) -> str:
    parts = []
    for title, rows in blocks(model, lang):
        parts.append(f"## {title}")
        for label, text in rows:
            parts.append(f"{label}\n{text or '–'}")
    if model.innokyla_url:
        parts.append(_("Page in Innokylä: %(url)s") % {"url": model.innokyla_url})
    return "\n\n".join(parts) + "\n"
