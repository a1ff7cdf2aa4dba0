"""Shared helpers of the insight views."""

from functools import wraps

from django.contrib.auth.decorators import login_required

from ..access import require_insights


def coordinator_required(view):
    """Signed-in users who coordinate an area (or admins); others get 403, anonymous users the
    login page. The view receives the user's municipality codes (None: all of Finland)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        codes = require_insights(request.user)
        return view(request, codes, *args, **kwargs)

    return wrapper


def attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
