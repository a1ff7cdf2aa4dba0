"""Responses that depend on who asks are never stored by a browser or a proxy.

The rule, one for every page and API response (docs/security.md, "Caching"): a response is
personal when the request was authenticated (a session or an API token, checked after the
view so that DRF's token authentication counts), carries a session cookie or an
Authorization header, or opens a signed link (a URL with a ``token``: reply links, help
links, sign-in and confirmation links). A personal response gets ``Cache-Control:
private, no-store``, so a shared computer's back button, its disk cache or a caching proxy
keeps no copy of a contact list. A response that says it is public (the HSDS API's
``public, max-age``) keeps its own header: it carries no personal data by design.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


def is_personal(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return True
    match = getattr(request, "resolver_match", None)
    return bool(match and "token" in match.kwargs)


class PrivateNoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cache_control = response.get("Cache-Control", "")
        already = "public" in cache_control or "no-store" in cache_control
        if not already and is_personal(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
