"""Who the API treats a request as: the same django-rules predicates as the HTML pages.

This is role logic, so it lives with the roles (RoleAssignment); the role-free DRF bases are
in turvaverkko.core.permissions.

Coordinators and admins must pass TOTP verification before the HTML pages show them anything
private (accounts.middleware). The API is exempt from that redirect, so it applies the rule
itself: a user who needs 2FA but whose *session* is not OTP-verified is served as if they had
no coordinator or admin role (their association-admin roles, which need no 2FA, still count).
Token-authenticated requests are trusted: tokens are only issued to a verified session.
"""

import copy
from dataclasses import dataclass

from django.conf import settings
from rest_framework import permissions
from rest_framework.authentication import TokenAuthentication

from turvaverkko.accounts.devices import requires_two_factor

from . import rules as registry_rules
from .models import RoleAssignment

_CACHE_ATTR = "_turvaverkko_api_user"


def _is_trusted(request) -> bool:
    user = request.user
    if not user.is_authenticated or not settings.REQUIRE_2FA:
        return True
    if isinstance(getattr(request, "successful_authenticator", None), TokenAuthentication):
        return True
    is_verified = getattr(user, "is_verified", None)
    if callable(is_verified) and is_verified():
        return True
    return not requires_two_factor(user)


def _demoted(user):
    """A copy of `user` that keeps only the roles that need no second factor."""
    demoted = copy.copy(user)
    demoted.is_superuser = False
    demoted.is_staff = False
    # registry.rules reads a user's roles from this cache attribute when it is set.
    demoted._role_assignments_cache = [
        a for a in user.role_assignments.all() if a.role not in RoleAssignment.ROLES_REQUIRING_2FA
    ]
    # Django caches model permissions per user object; the copy must not share them.
    for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        demoted.__dict__.pop(attr, None)
    return demoted


def api_user(request):
    """The user whose roles count for this request (see the module docstring)."""
    cached = getattr(request, _CACHE_ATTR, None)
    if cached is None:
        user = request.user
        cached = user if _is_trusted(request) else _demoted(user)
        setattr(request, _CACHE_ATTR, cached)
    return cached


@dataclass(frozen=True)
class Scope:
    """What registry.rules says about a user, computed once per request for list queries."""

    is_admin: bool
    # Municipality codes coordinated; None means every municipality (admin).
    municipality_codes: frozenset[str] | None
    organization_ids: frozenset

    @property
    def is_coordinator(self) -> bool:
        return self.municipality_codes is None or bool(self.municipality_codes)

    def coordinates(self, municipality_code) -> bool:
        if self.municipality_codes is None:
            return True
        return municipality_code is not None and municipality_code in self.municipality_codes


def scope(request) -> Scope:
    cached = getattr(request, "_turvaverkko_api_scope", None)
    if cached is None:
        user = api_user(request)
        codes = registry_rules.coordinated_municipality_codes(user)
        cached = Scope(
            is_admin=bool(registry_rules.is_admin(user)),
            municipality_codes=None if codes is None else frozenset(codes),
            organization_ids=frozenset(registry_rules.administered_organization_ids(user)),
        )
        request._turvaverkko_api_scope = cached
    return cached


def has_perm(request, perm: str, obj=None) -> bool:
    user = api_user(request)
    return bool(user.is_authenticated and user.has_perm(perm, obj))


class IsAdminOrReadOnly(permissions.BasePermission):
    """Reference data: anyone reads, only a (verified) admin writes."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return request.user.is_authenticated and scope(request).is_admin
