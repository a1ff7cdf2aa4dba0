"""How django-axes names the user behind a login attempt, and what a locked-out user sees."""

import math

from axes.helpers import get_cool_off
from django.shortcuts import render


def username(request, credentials=None) -> str | None:
    """The e-mail address as typed in the login form's `username` field, lower-cased.

    Without this, axes would look for an `email` field (our USERNAME_FIELD), find none and
    never lock a user name; and "Kaisa@" and "kaisa@" would count as two different users.
    """
    if credentials:
        value = credentials.get("username")
    else:
        value = getattr(request, "data", request.POST).get("username")
    return (value or "").strip().lower() or None


def client_ip_behind_proxy(request) -> str | None:
    """The address the reverse proxy saw: the right-most X-Forwarded-For entry.

    nginx's `proxy_add_x_forwarded_for` appends the real peer address to whatever the client
    sent, so the entries to its left can be forged but the last one cannot.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-1] if hops else request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """A page that says what happened and when to try again, with status 429."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    response = render(
        request,
        "accounts/lockout.html",
        {"minutes": math.ceil(seconds / 60) if seconds else None},
        status=429,
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
