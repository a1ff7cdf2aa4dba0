"""Coordinators invite association admins; the invitee accepts through the e-mailed link."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import actions
from ..forms import InvitationForm, NewAccountForm
from ..invitations import InvitationError, invitation_from_token, max_age_seconds
from ..models import Organization, RoleAssignment
from .common import require


@login_required
@require_http_methods(["GET", "POST"])
def invite_admin(request, pk):
    organization = get_object_or_404(Organization, pk=pk)
    require(request.user, "registry.invite_organization_admin", organization)
    form = InvitationForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        actions.invite_admin(
            organization, form.cleaned_data["email"], request.user, get_language() or "fi"
        )
        messages.success(
            request,
            _("An invitation is on its way to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("registry:detail", pk=organization.pk)
    return render(
        request,
        "registry/invite.html",
        {
            "organization": organization,
            "form": form,
            "admins": RoleAssignment.objects.filter(
                organization=organization, role=RoleAssignment.Role.ASSOCIATION_ADMIN
            ).select_related("user"),
            "invitations": organization.invitations.select_related("invited_by")[:20],
            "days": max_age_seconds() // 86400,
        },
    )


def _error_page(request, error: InvitationError):
    status = {"invalid": 400, "expired": 410, "used": 410}[error.reason]
    return render(
        request,
        "registry/invitation_error.html",
        {"reason": error.reason, "invitation": error.invitation},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    """Anyone holding the link may accept: it went to the invitee's mailbox."""
    try:
        invitation = invitation_from_token(token)
    except InvitationError as error:
        return _error_page(request, error)
    existing = get_user_model().objects.filter(email__iexact=invitation.email).first()
    if request.user.is_authenticated and request.user != existing:
        return render(
            request,
            "registry/invitation_error.html",
            {"reason": "other_user", "invitation": invitation},
            status=403,
        )
    form = None if existing else NewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (form is None or form.is_valid()):
        fields = form.cleaned_data if form else {}
        try:
            user = actions.accept_invitation(
                invitation,
                password=fields.get("password1"),
                first_name=fields.get("first_name", ""),
                last_name=fields.get("last_name", ""),
                language=get_language() or "fi",
            )
        except InvitationError as error:
            return _error_page(request, error)
        messages.success(
            request,
            _("You are now an admin of %(name)s.") % {"name": invitation.organization},
        )
        detail = reverse("registry:detail", args=[invitation.organization.pk])
        if request.user.is_authenticated:
            return redirect(detail)
        if existing is None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(detail)
        return redirect(f"{reverse('accounts:login')}?next={detail}")
    return render(
        request,
        "registry/invitation_accept.html",
        {"invitation": invitation, "form": form, "existing": existing},
    )
