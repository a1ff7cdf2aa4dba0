from django.core.exceptions import PermissionDenied
from django.utils.http import url_has_allowed_host_and_scheme


def require(user, perm, obj=None) -> None:
    """403 unless `user` has `perm` (on `obj`); anonymous users are sent to log in before."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
