from functools import lru_cache
from urllib.parse import unquote, urlsplit, urlunsplit

from django import template
from django.core.signals import setting_changed
from django.template.base import UNKNOWN_SOURCE
from django.urls import (
    NoReverseMatch,
    Resolver404,
    get_script_prefix,
    get_urlconf,
    resolve,
    reverse,
)
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, override

from turvaverkko.core.frames import HoleNode

register = template.Library()

# --- Fixed parts of a page ------------------------------------------------------------------

# Rendered fixed parts: {(name, page template, language, script prefix): html}. A handful of
# entries (parts × templates × three languages); cleared when settings change (tests).
_fixed: dict[tuple, SafeString] = {}
FIXED_MAX_ENTRIES = 2048


class FixedNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        user = context.get("user")
        page = context.template.origin.name if context.template is not None else UNKNOWN_SOURCE
        if user is None or user.is_authenticated or page == UNKNOWN_SOURCE:
            return self.nodelist.render(context)
        key = (self.name, page, get_language(), get_script_prefix())
        html = _fixed.get(key)
        if html is None:
            html = mark_safe(self.nodelist.render(context))  # noqa: S308 - rendered template
            if len(_fixed) >= FIXED_MAX_ENTRIES:
                _fixed.clear()
            _fixed[key] = html
        return html


@register.tag
def fixed(parser, token):
    """{% fixed "name" %}...{% endfixed %}: a part of a page that is the same for every
    signed-out visitor in a language (a layout's navigation and footer, a form's labels),
    rendered once per process, page template (its blocks may differ) and language, and then
    given as it is. For a signed-in user it is rendered every time (the navigation shows
    their own links and a CSRF token). What is inside may read nothing of the request but
    the language and the signed-out state: no query string, no form value, no message."""
    return FixedNode(*_named_block(parser, token, "fixed"))


@register.tag
def hole(parser, token):
    """{% hole "name" %}...{% endhole %}: a part of a page that varies by request (the
    words searched, the results, the language links' query). A page rendered by
    core.frames.render is rendered whole once per language for signed-out visitors, and
    afterwards only its holes are; see core/frames.py for what a hole may read. Outside
    such a rendering it renders what it holds."""
    return HoleNode(*_named_block(parser, token, "hole"))


def _named_block(parser, token, tag: str) -> tuple[str, template.NodeList]:
    """The quoted name of `{% tag "name" %}…{% endtag %}` and the nodes up to its end."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{{% {tag} %}} takes one quoted name")
    nodelist = parser.parse((f"end{tag}",))
    parser.delete_first_token()
    return bits[1][1:-1], nodelist


@register.simple_tag
def url_once(name: str) -> str:
    """{% url name %} for a URL without arguments, reversed once per language (the URL's
    language prefix), script prefix and URL configuration."""
    return _reversed(name, get_language(), get_script_prefix(), get_urlconf())


@lru_cache(maxsize=512)
def _reversed(name: str, lang: str | None, script_prefix: str, urlconf) -> str:
    return reverse(name)


def forget_fixed(**kwargs) -> None:
    _fixed.clear()
    _reversed.cache_clear()


setting_changed.connect(forget_fixed)

# --- Language links -------------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def language_url(context, lang_code):
    """The current page in another language (works without JavaScript)."""
    return translated_url(context["request"].get_full_path(), lang_code)


def translated_url(url: str, lang_code: str) -> str:
    """Django's translate_url(url, lang_code), with the path's resolve() and reverse()
    remembered per process: the three language links on every page were a good part of
    rendering the search page, whose query is unique each time (and is put back here, as
    translate_url does)."""
    if url.startswith("/") and not url.startswith("//") and "#" not in url:
        # A path and query as request.get_full_path() gives them: what urlsplit and
        # urlunsplit would do, without them (three links on every page).
        path, _sep, query = url.partition("?")
        translated = _translated_path(get_language(), path, lang_code)
        if translated is None:
            return url
        return f"{translated}?{query}" if query else translated
    parsed = urlsplit(url)
    path = _translated_path(get_language(), parsed.path, lang_code)
    if path is None:
        return url
    return urlunsplit((parsed.scheme, parsed.netloc, path, parsed.query, parsed.fragment))


@lru_cache(maxsize=4096)
def _translated_path(active: str | None, path: str, lang_code: str) -> str | None:
    """The path in `lang_code`, or None when translate_url would give the URL back as it is.
    The URL configuration does not change while a process runs; the active language decides
    which language prefix resolves, so it is part of the key."""
    try:
        match = resolve(unquote(path))
    except Resolver404:
        return None
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with override(lang_code):
        try:
            return reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return None


@register.simple_tag(takes_context=True)
def workspace_areas(context):
    """The coordinator's workspace navigation (web/navigation.py); empty for others."""
    from turvaverkko.web.navigation import areas

    request = context.get("request")
    return areas(request) if request is not None else []
