"""API endpoints that belong to no app.

API tokens are issued and revoked on the account page (accounts.views.create_api_token),
which requires a verified second factor first; see docs/api.md.
"""

from django.http import JsonResponse


def bench_trivial(request):
    """The benchmark's baseline: the whole middleware stack, no database, a tiny JSON body."""
    return JsonResponse({"ok": True})
