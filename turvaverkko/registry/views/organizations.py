"""Organisation pages: the coordinators' list, the public/private detail, create, edit, confirm."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import actions, lists
from ..forms import ContactFormSet, OrganizationForm, move_contact
from ..freshness import data_age_days, is_stale, stale_cutoff
from ..history import organization_history
from ..models import Organization, RoleAssignment
from .common import require, safe_next

logger = logging.getLogger(__name__)


@login_required
def organization_list(request, export=False):
    """The network of the coordinator's area with contact details; everything for an admin.

    `export`: every filtered row as CSV (the same people see the list and its contacts)."""
    require(request.user, "registry.view_network")
    listing = lists.organization_list(request)
    if export:
        logger.info("User %s exported the organisation list", request.user.pk)
        return listing.csv_response()
    return render(
        request,
        "registry/organization_list.html",
        listing.context(
            cutoff=stale_cutoff(),
            can_create=request.user.has_perm("registry.add_organization"),
        ),
    )


def organization_detail(request, pk):
    """Public part for everyone; contact chain, admins and history for those allowed."""
    organization = get_object_or_404(
        Organization.objects.select_related("parent").prefetch_related(
            "municipalities", "themes", "target_groups", "branches"
        ),
        pk=pk,
    )
    user = request.user
    private = user.has_perm("registry.view_private_organization", organization)
    if not organization.is_active and not private:
        raise Http404
    contacts = organization.contacts.order_by("position")
    context = {
        "organization": organization,
        "private": private,
        "public_contacts": [c for c in contacts if c.is_public],
        "can_edit": user.has_perm("registry.change_organization", organization),
        "can_invite": user.has_perm("registry.invite_organization_admin", organization),
    }
    if private:
        context.update(
            contacts=contacts,
            admins=RoleAssignment.objects.filter(
                organization=organization, role=RoleAssignment.Role.ASSOCIATION_ADMIN
            ).select_related("user"),
            invitations=organization.invitations.select_related("invited_by")[:20],
            history=organization_history(organization),
            stale=is_stale(organization),
            age_days=data_age_days(organization),
        )
    return render(request, "registry/organization_detail.html", context)


def _save_form(request, organization, template_title):
    creating = organization is None
    instance = organization or Organization()
    data = request.POST or None
    moved = None
    if request.method == "POST" and "move" in request.POST:
        moved = move_contact(request.POST, "contacts", request.POST["move"])
        data = moved or request.POST
    form = OrganizationForm(data, instance=instance, user=request.user)
    formset = ContactFormSet(data, instance=instance, prefix="contacts")
    if moved is not None or "move" in request.POST:
        # A move only changes the order on the page; saving is the Save button's.
        if moved is not None:
            messages.info(request, _("The order changed. Save to keep it."))
        return render(
            request,
            "registry/organization_form.html",
            {
                "form": form,
                "formset": formset,
                "organization": organization,
                "title": template_title,
                "has_errors": False,
            },
        )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        if creating:
            saved = actions.create_organization(form.cleaned_data, formset.chain(), request.user)
            messages.success(request, _("The organisation was added."))
        else:
            saved = actions.update_organization(
                organization, form.cleaned_data, formset.chain(), request.user
            )
            messages.success(request, _("The changes were saved."))
        return redirect("registry:detail", pk=saved.pk)
    return render(
        request,
        "registry/organization_form.html",
        {
            "form": form,
            "formset": formset,
            "organization": organization,
            "title": template_title,
            "has_errors": request.method == "POST",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request):
    require(request.user, "registry.add_organization")
    return _save_form(request, None, _("New organisation"))


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request, pk):
    organization = get_object_or_404(Organization, pk=pk)
    require(request.user, "registry.change_organization", organization)
    return _save_form(request, organization, _("Edit %(name)s") % {"name": organization})


@login_required
@require_http_methods(["GET", "POST"])
def organization_confirm(request, pk):
    """The yearly re-confirmation: one button, "all data is current"."""
    organization = get_object_or_404(Organization, pk=pk)
    require(request.user, "registry.confirm_organization", organization)
    default = reverse("registry:detail", args=[organization.pk])
    if request.method == "POST":
        actions.confirm_organization(organization, request.user)
        messages.success(
            request,
            _("Thank you! The details of %(name)s are confirmed as current.")
            % {"name": organization},
        )
        return redirect(safe_next(request, default))
    return render(
        request,
        "registry/organization_confirm.html",
        {
            "organization": organization,
            "contacts": organization.contacts.order_by("position"),
            "age_days": data_age_days(organization),
            "stale": is_stale(organization),
            "next": safe_next(request, default),
        },
    )
