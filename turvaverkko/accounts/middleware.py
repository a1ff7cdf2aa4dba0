"""Coordinators and admins must pass TOTP verification before they see anything private."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


def requires_two_factor(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    from turvaverkko.registry.models import RoleAssignment

    return user.role_assignments.filter(role__in=RoleAssignment.ROLES_REQUIRING_2FA).exists()


class RequireTwoFactorMiddleware:
    """Send an unverified coordinator or admin to TOTP set-up or verification."""

    exempt_prefixes = ("/static/", "/media/", "/api/", "/hsds/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.REQUIRE_2FA and self._needs_redirect(request):
            return redirect(f"{reverse('accounts:two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)

    def _needs_redirect(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return False
        path = request.path_info
        if path.startswith(self.exempt_prefixes):
            return False
        allowed = {reverse("accounts:two_factor"), reverse("accounts:logout")}
        if path in allowed:
            return False
        return requires_two_factor(user)
