from functools import lru_cache
from urllib.parse import unquote, urlsplit, urlunsplit

from django import template
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import get_language, override

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context, lang_code):
    """The current page in another language (works without JavaScript)."""
    return translated_url(context["request"].get_full_path(), lang_code)


def translated_url(url: str, lang_code: str) -> str:
    """Django's translate_url(url, lang_code), with the path's resolve() and reverse()
    remembered per process: the three language links on every page were a good part of
    rendering the search page, whose query is unique each time (and is put back here, as
    translate_url does)."""
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
