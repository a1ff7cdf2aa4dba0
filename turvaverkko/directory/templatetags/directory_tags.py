"""Formatting for the directory's pages: distances and opening times, per language."""

from html import escape

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils import formats
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext_noop, ngettext
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
def search_hits(hits) -> SafeString:
    """The `<li>`s of the search list (search_results), written here in plain Python
    rather than by the template or format_html: 20 of them were most of the rendering time
    of the busiest page. Every text is escaped with `html.escape`, as Django's `escape`."""
    labels = {
        "open_now": escape(_("Open now")),
        "low": escape(_("low-threshold")),
        "services": escape(_("Services:")),
        "next_visit": escape(_("Next visit:")),
    }
    lang = get_language()
    return mark_safe("".join([_hit_html(hit, labels, lang) for hit in hits]))  # noqa: S308


def _head_html(hit) -> str:
    name_lang = f' lang="{escape(hit.name_lang)}"' if hit.name_lang else ""
    head = f'<li>\n<h3><a href="{escape(hit.url)}"{name_lang}>{escape(hit.name)}</a></h3>\n'
    meta = escape(capfirst(str(hit.kind_label)) or "")
    if hit.street_address:
        meta += " · " + _in_lang(hit.street_address, hit.street_address_lang)
    if hit.municipality_name:
        meta += ", " + escape(hit.municipality_name)
    return head + f'<p class="meta">{meta}</p>\n'


def _services_html(hit, labels: dict[str, str]) -> str:
    if not hit.services:
        return ""
    names = ", ".join(_in_lang(name, code) for _pk, name, code in hit.services)
    if hit.more_services:
        more = ngettext("and %(count)s more", "and %(count)s more", hit.more_services)
        names += " " + escape(more % {"count": hit.more_services})
    return f'<p class="meta">{labels["services"]} {names}</p>'


def _in_lang(text: str, code: str) -> str:
    if code:
        return f'<span lang="{escape(code)}">{escape(text)}</span>'
    return escape(text)


def _hit_html(hit, labels: dict[str, str], lang: str | None) -> str:
    # The site's own parts are written once per language (search.SiteHit.html).
    known = getattr(hit, "html", {})
    head = known.get(("head", lang))
    if head is None:
        head = known[("head", lang)] = _head_html(hit)
    out = [head]
    facts = []
    if hit.distance_m is not None:
        facts.append(
            f'<span class="badge badge-distance">{escape(distance(hit.distance_m))}</span> '
        )
    if hit.open_until:
        label = labels["open_now"] if hit.open_long else escape(open_until(hit.open_until))
        facts.append(f'<span class="badge badge-open">{label}</span> ')
    if hit.low_threshold:
        facts.append(f'<span class="badge">{labels["low"]}</span>')
    if facts:
        out.append(f'<p class="hit-facts">{"".join(facts)}</p>')
    out.append("\n")
    services = known.get(("services", lang))
    if services is None:
        services = known[("services", lang)] = _services_html(hit, labels)
    out.append(services)
    visit = getattr(hit, "next_visit", None)
    if visit:
        when = date_format(template_localtime(visit.starts_at), "D j.n. H.i")
        out.append(
            f'\n<p class="meta">{labels["next_visit"]} <a href="{escape(visit.url)}">'
            f"{escape(when)}</a> ({escape(visit.name)})</p>"
        )
    out.append("\n</li>\n")
    return "".join(out)


# --- The results section -------------------------------------------------------------------


def _number(value: int) -> str:
    """A count as `{{ value }}` shows it (localize: digits only, unless thousands are
    grouped)."""
    if not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return escape(str(formats.localize(value)))


@register.simple_tag(takes_context=True)
def search_results(context) -> SafeString:
    """The results section of the search and map pages: the count, the result list, the
    pager, or what to try when nothing was found. Written in plain Python as search_hits
    is (it was directory/_results.html, the largest template part left of the search
    page's rendering); the HTML and the msgids are the template's. As the template's
    `{% blocktranslate %}`, a message is not escaped and the values put into it are;
    a `{% translate %}` text is escaped."""
    page = context["page"]
    query = escape(context.get("query") or "")
    heading = ngettext("%(counter)s place found", "%(counter)s places found", page.total)
    out = [
        '<section class="search-results" aria-labelledby="results-heading">\n'
        f'<h2 id="results-heading">{heading % {"counter": _number(page.total)}}</h2>\n'
    ]
    if page.near:
        near = _("Nearest first, in a straight line from %(near_label)s.")
        label = escape(str(context.get("near_label", "")))
        out.append(f'<p class="meta">{near % {"near_label": label}}</p>')
    out.append("\n")
    if page.items:
        out.append(f'\n<ol class="results" start="{_number(page.first_index)}">\n')
        out.append(search_hits(page.items))
        out.append("</ol>\n")
        if page.num_pages > 1:
            out.append(_pager_html(page, query))
        out.append("\n")
    else:
        out.append(f"\n{_no_results_html(context)}\n{_suggestions_html(context)}\n")
    out.append("\n</section>\n")
    return mark_safe("".join(out))  # noqa: S308 - values escaped above


def _pager_html(page, query: str) -> str:
    # The texts are taken outside the f-strings: xgettext does not look inside them.
    label, previous_text, next_text = _("Result pages"), _("Previous page"), _("Next page")
    page_of = _("Page %(number)s of %(count)s")
    link = f"?{query}&amp;page=" if query else "?page="
    previous = next_ = ""
    if page.has_previous:
        number = _number(page.page - 1)
        previous = f'<a rel="prev" href="{link}{number}">{escape(previous_text)}</a>'
    if page.has_next:
        next_ = f'<a rel="next" href="{link}{_number(page.page + 1)}">{escape(next_text)}</a>'
    numbers = {"number": _number(page.page), "count": _number(page.num_pages)}
    return (
        f'<nav class="pager" aria-label="{escape(label)}">\n{previous}\n'
        f"<span>{page_of % numbers}</span>\n{next_}\n</nav>"
    )


def _no_results_html(context) -> str:
    words = context["form"].cleaned_data.get("q")
    place = context.get("searched_place")
    if words and place:
        message = _("No results for “%(words)s” in %(place)s.")
        values = {"words": escape(str(words)), "place": escape(str(place))}
        return f"<p>{message % values}</p>"
    if words:
        message = _("No results for “%(words)s”.")
        return f"<p>{message % {'words': escape(str(words))}}</p>"
    nothing = _("No places match. Try other words or fewer filters.")
    return f"<p>{escape(nothing)}</p>"


def _suggestions_html(context) -> str:
    suggestions = context.get("suggestions")
    if not suggestions:
        return ""
    items = []
    for suggestion in suggestions:
        if suggestion.kind == "neighbours":
            text = ngettext(
                "%(counter)s in the neighbouring municipalities",
                "%(counter)s in the neighbouring municipalities",
                suggestion.count,
            )
        elif suggestion.kind == "without_filters":
            text = ngettext(
                "%(counter)s without the other filters",
                "%(counter)s without the other filters",
                suggestion.count,
            )
        else:
            text = ngettext(
                "%(counter)s elsewhere in Finland",
                "%(counter)s elsewhere in Finland",
                suggestion.count,
            )
        counter = {"counter": _number(suggestion.count)}
        items.append(f'<li><a href="?{escape(suggestion.query)}">{text % counter}</a></li>')
    return f'<ul class="suggestions">{"".join(items)}</ul>'


# --- The search form ----------------------------------------------------------------------

# The form's own texts (msgids), and their translations, escaped, per language.
_FORM_MSGIDS = {
    "check": gettext_noop("Please check the search:"),
    "words": gettext_noop("Search words"),
    "words_help": gettext_noop("For example: food aid, peer support, café"),
    "place": gettext_noop("Municipality or postal code"),
    "more": gettext_noop("More filters"),
    "narrow": gettext_noop("Narrow the search"),
    "low": gettext_noop("Low-threshold places only"),
    "open_now": gettext_noop("Open now"),
    "nearest": gettext_noop("Nearest first"),
    "search": gettext_noop("Search"),
    "denied": gettext_noop("Your location is not available. Give a postal code instead."),
    "busy": gettext_noop("Finding your location…"),
    "near_me": gettext_noop("Search near my location"),
}
_form_texts: dict[str | None, dict[str, str]] = {}


def _texts() -> dict[str, str]:
    lang = get_language()
    texts = _form_texts.get(lang)
    if texts is None:
        texts = _form_texts[lang] = {k: escape(_(v)) for k, v in _FORM_MSGIDS.items()}
    return texts


def _value(bound) -> str:
    value = bound.value()
    return escape(str(value)) if value else ""


def _errors(bound) -> str:
    return escape(" ").join(escape(str(error)) for error in bound.errors)


@register.simple_tag
def search_form(form, action: str) -> SafeString:
    """The search form of the search and map pages (a GET form: it works without
    JavaScript), written in plain Python as search_hits is: through the template engine
    (it was directory/_search_form.html) its tags, ifs and loops were the largest part of
    the search page's rendering. Values and errors are escaped with `html.escape`, as by
    Django's `escape`; the texts are translated once per language."""
    t = _texts()
    out = [
        f'<form method="get" action="{escape(action)}" class="search-form" role="search"'
        " data-search-form>\n"
    ]
    if form.errors:
        items = "".join(
            f'<li><a href="#{escape(field.id_for_label)}">{escape(str(error))}</a></li>'
            for field in form
            for error in field.errors
        )
        out.append(
            '<div role="alert" class="form-errors error-summary" tabindex="-1" autofocus>'
            f"<p><strong>{t['check']}</strong></p>"
            f'<ul class="errorlist">{items}</ul></div>'
        )
    place, nearest = form["place"], form["nearest"]
    place_invalid = ' aria-invalid="true" aria-describedby="id_place_error"' if place.errors else ""
    out.append(
        '\n<div class="search-main">\n  <div>\n'
        f'    <label for="id_q">{t["words"]}</label>\n'
        f'    <input type="search" name="q" id="id_q" value="{_value(form["q"])}"'
        ' maxlength="200" aria-describedby="id_q_helptext">\n'
        '    <p class="meta" id="id_q_helptext">'
        f"{t['words_help']}</p>\n"
        "  </div>\n  <div>\n"
        f'    <label for="id_place">{t["place"]}</label>\n'
        f'    <input type="text" name="place" id="id_place" value="{_value(place)}"'
        f' maxlength="60" autocomplete="postal-code"{place_invalid} data-place>\n    '
    )
    if place.errors:
        out.append(f'<p class="errorlist" id="id_place_error">{_errors(place)}</p>')
    out.append(
        "\n  </div>\n</div>\n"
        f'<details class="more-filters"{" open" if form.has_filters else ""}>\n'
        f'<summary>{t["more"]}</summary>\n<fieldset class="filters">\n'
        f'  <legend class="visually-hidden">{t["narrow"]}</legend>\n'
    )
    for field in form.selects():
        name = escape(field["name"])
        out.append(
            f'  <div><label for="id_{name}">{escape(str(field["label"]))}</label>'
            f'<select name="{name}" id="id_{name}">{field["options_html"]}</select></div>\n'
        )

    def checked(name: str) -> str:
        return " checked" if form[name].value() else ""

    nearest_invalid = (
        ' aria-invalid="true" aria-describedby="id_nearest_error"' if nearest.errors else ""
    )
    out.append(
        "\n  <div>\n"
        '    <label class="check"><input type="checkbox" name="low_threshold" value="1"'
        f"{checked('low_threshold')}> {t['low']}</label>\n"
        '    <label class="check"><input type="checkbox" name="open_now" value="1"'
        f"{checked('open_now')}> {t['open_now']}</label>\n"
        '    <label class="check"><input type="checkbox" name="nearest" value="1" id="id_nearest"'
        f"{checked('nearest')}{nearest_invalid} data-nearest> {t['nearest']}</label>\n    "
    )
    if nearest.errors:
        out.append(f'<p class="errorlist" id="id_nearest_error">{_errors(nearest)}</p>')
    out.append(
        "\n  </div>\n</fieldset>\n</details>\n"
        f'<input type="hidden" name="lat" value="{_value(form["lat"])}" data-lat>\n'
        f'<input type="hidden" name="lon" value="{_value(form["lon"])}" data-lon>\n'
        '<div class="search-actions">\n'
        f'  <button type="submit">{t["search"]}</button>\n'
        '  <button type="button" class="btn btn-secondary" hidden data-nearme'
        f' data-error-denied="{t["denied"]}"'
        f' data-busy="{t["busy"]}">{t["near_me"]}</button>\n'
        '</div>\n<p class="meta" role="status" data-nearme-status></p>\n</form>\n'
    )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above
