"""Coordinators and admins must pass TOTP verification before they see anything private."""

from urllib.parse import urlencode

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from .devices import needs_verification, requires_two_factor

__all__ = ["RequireTwoFactorMiddleware", "requires_two_factor"]


class RequireTwoFactorMiddleware:
    """Send an unverified coordinator or admin to TOTP set-up or verification.

    On the API an unverified session counts as anonymous: the API has no pages to redirect
    to, and a session cookie alone must not open private data there either. API tokens are
    handed out only after verification, so token requests are unaffected.
    """

    exempt_prefixes = ("/static/", "/media/", "/hsds/", "/hooks/", "/i18n/", "/healthz")
    api_prefixes = ("/api/",)
    # Pages that show nothing private and that anyone signed out may use anyway.
    exempt_url_names = (
        "accounts:two_factor",
        "accounts:two_factor_setup",
        "accounts:logout",
        "accounts:login",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not path.startswith(self.exempt_prefixes) and needs_verification(request.user):
            if path.startswith(self.api_prefixes):
                request.user = AnonymousUser()
            elif self._view_name(path) not in self.exempt_url_names:
                target = request.get_full_path() if request.method == "GET" else ""
                url = reverse("accounts:two_factor")
                if target:
                    url += "?" + urlencode({REDIRECT_FIELD_NAME: target})
                return redirect(url)
        return self.get_response(request)

    @staticmethod
    def _view_name(path: str) -> str | None:
        try:
            return resolve(path).view_name
        except Resolver404:
            return None
