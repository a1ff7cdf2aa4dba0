from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

__all__ = ["login_required", "need", "form_page"]


def need(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def form_page(request, form, title, cancel_url, *, multipart=False, extra=None):
    context = {
        "form": form,
        "title": title,
        "cancel_url": cancel_url,
        "multipart": multipart,
        "has_errors": form.is_bound and bool(form.errors),
    }
    context.update(extra or {})
    return render(request, "preparedness/form.html", context)
