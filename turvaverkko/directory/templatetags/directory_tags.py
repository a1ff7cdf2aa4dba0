"""Formatting for the directory's pages: distances and opening times, per language."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils import formats
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def distance(metres):
    """ "450 m", "2,3 km" (the decimal separator of the active language)."""
    if metres is None:
        return ""
    if metres < 1000:
        return f"{max(10, round(metres, -1)):.0f} m"
    if metres < 100_000:
        return f"{formats.number_format(metres / 1000, 1)} km"
    return f"{metres / 1000:.0f} km"


@register.filter
def clock(value):
    """9.00 in Finnish and Swedish, 9:00 in English (a time or an aware datetime)."""
    if value is None:
        return ""
    if hasattr(value, "astimezone"):
        from django.utils.timezone import localtime

        value = localtime(value)
    separator = ":" if (get_language() or "fi").startswith("en") else "."
    return f"{value.hour}{separator}{value.minute:02d}"


@register.filter
def open_until(value):
    """ "Open until 17.00" for the end of the current opening."""
    from django.utils.translation import gettext

    return gettext("Open until %(time)s") % {"time": clock(value)}


@register.filter
def service_names(hit):
    """ "Ruoka-apu, Vertaistuki and 2 more" for a search hit."""
    from django.utils.translation import ngettext

    text = format_html_join(", ", "{}", ((in_lang(name, code),) for _, name, code in hit.services))
    if hit.more_services:
        more = ngettext("and %(count)s more", "and %(count)s more", hit.more_services)
        text = format_html("{} {}", text, more % {"count": hit.more_services})
    return text


@register.simple_tag
def in_lang(text: str, code: str = "") -> SafeString:
    """`text`, in `<span lang="sv">` when `code` names a fallback language (WCAG 3.1.2)."""
    if code:
        return format_html('<span lang="{}">{}</span>', code, text)
    return conditional_escape(text)


@register.simple_tag
def map_attributes():
    """The data attributes map.js reads: the tile server, the marker images (their static
    URLs, so that the markers load however Leaflet was loaded) and the map's own texts."""
    return format_html(
        'data-tiles="{}" data-attribution="{}" data-icon="{}" data-icon-2x="{}" '
        'data-shadow="{}" data-label-zoom-in="{}" data-label-zoom-out="{}" '
        'data-label-no-tiles="{}"',
        settings.DIRECTORY_TILE_URL,
        settings.DIRECTORY_TILE_ATTRIBUTION,
        static("leaflet/images/marker-icon.png"),
        static("leaflet/images/marker-icon-2x.png"),
        static("leaflet/images/marker-shadow.png"),
        _("Zoom in"),
        _("Zoom out"),
        _("The map images could not be loaded; the places are shown without a background map."),
    )


FALLBACK = ("fi", "sv", "en")


@register.simple_tag
def text_of(obj, field: str, lines: bool = False) -> SafeString:
    """A translated field in the page's language, or its fallback (Finnish, Swedish, English)
    marked with its own language: `<span lang="sv">…</span>` (WCAG 3.1.2)."""
    lang = (get_language() or "fi")[:2]
    for code in (lang, *FALLBACK):
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            break
    else:
        code, value = lang, getattr(obj, field, "") or ""
    text = conditional_escape(value)
    if lines:
        text = mark_safe(str(text).replace("\n", "<br>"))  # noqa: S308 - escaped above
    if code == lang or not value:
        return mark_safe(text)  # noqa: S308 - escaped above
    return format_html('<span lang="{}">{}</span>', code, text)


@register.simple_tag
def search_hit(hit, open_now_label: str, low_label: str, services_label: str) -> SafeString:
    """One result of the search list (directory/_results.html), written here rather than in
    the template: 20 of them make up most of the busiest page's rendering time."""
    name_lang = format_html(' lang="{}"', hit.name_lang) if hit.name_lang else ""
    parts = [format_html('<h3><a href="{}"{}>{}</a></h3>\n', hit.url, name_lang, hit.name)]
    meta = [conditional_escape(capfirst(hit.kind_label))]
    if hit.street_address:
        meta.append(format_html(" · {}", in_lang(hit.street_address, hit.street_address_lang)))
    if hit.municipality_name:
        meta.append(format_html(", {}", hit.municipality_name))
    parts.append(format_html('<p class="meta">{}</p>\n', mark_safe("".join(meta))))  # noqa: S308
    facts = []
    if hit.distance_m is not None:
        facts.append(
            format_html('<span class="badge badge-distance">{}</span> ', distance(hit.distance_m))
        )
    if hit.open_until:
        label = open_now_label if hit.open_long else open_until(hit.open_until)
        facts.append(format_html('<span class="badge badge-open">{}</span> ', label))
    if hit.low_threshold:
        facts.append(format_html('<span class="badge">{}</span>', low_label))
    if facts:
        parts.append(format_html('<p class="hit-facts">{}</p>', mark_safe("".join(facts))))  # noqa: S308
    parts.append("\n")
    if hit.services:
        parts.append(format_html('<p class="meta">{} {}</p>', services_label, service_names(hit)))
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above
