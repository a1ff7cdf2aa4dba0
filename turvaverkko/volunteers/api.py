"""Volunteers API: `/api/volunteers/me/` for the volunteer, a list for coordinators.

Who is listed and whose contact details are shown follow volunteers.rules, evaluated for
the user as turvaverkko.registry.access.api_user() sees them (an unverified coordinator is
not a coordinator here).
"""

import logging

from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, permissions, viewsets

from turvaverkko.registry.access import api_user, has_perm

from . import actions
from .forms import ProfileForm
from .models import Volunteer
from .rules import contact_municipality_codes, visible_volunteers
from .serializers import VolunteerListSerializer, VolunteerProfileSerializer

logger = logging.getLogger(__name__)


class _AvailabilityUnchanged:
    """Stands in for the availability formset of actions.save_profile: the API does not
    change weekly availability (it is shown read-only)."""

    instance = None

    def save(self):
        return []


class MyVolunteerProfile(generics.RetrieveUpdateAPIView):
    """The signed-in volunteer's own profile. A new e-mail address takes effect when the
    link mailed to it is opened, exactly as on the profile page."""

    serializer_class = VolunteerProfileSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        volunteer = (
            Volunteer.objects.filter(user=self.request.user, anonymised_at__isnull=True)
            .prefetch_related("availability")
            .first()
        )
        if volunteer is None:
            raise exceptions.NotFound(_("You have no volunteer profile."))
        return volunteer

    def perform_update(self, serializer):
        volunteer = serializer.instance
        fields = list(ProfileForm.Meta.fields)
        data = model_to_dict(volunteer, fields=fields)
        for name in ("skills", "languages", "interpreting_languages", "organizations"):
            data[name] = [obj.pk for obj in data[name]]
        if volunteer.home_municipality_id:
            data["home_municipality"] = volunteer.home_municipality_id
        for name, value in serializer.validated_data.items():
            if name in ("skills", "languages", "interpreting_languages", "organizations"):
                value = [obj.pk for obj in value]
            elif name == "home_municipality":
                value = value.code if value else ""
            data[name] = value
        data = {k: ("" if v is None else v) for k, v in data.items()}
        form = ProfileForm(data=data, instance=volunteer)
        if not form.is_valid():
            raise exceptions.ValidationError(
                {field: [str(e) for e in errors] for field, errors in form.errors.items()}
            )
        actions.save_profile(form, _AvailabilityUnchanged())


class VolunteerViewSet(viewsets.ReadOnlyModelViewSet):
    """Volunteers for coordinators (their municipalities, with contact details), association
    admins (members of their organisations, without contact details) and admins."""

    serializer_class = VolunteerListSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular builds the schema
            return self.serializer_class.Meta.model.objects.none()
        if not has_perm(self.request, "volunteers.list_volunteers"):
            return Volunteer.objects.none()
        return (
            visible_volunteers(api_user(self.request))
            .select_related("home_municipality")
            .prefetch_related("skills", "languages", "interpreting_languages", "organizations")
            .order_by("name", "pk")
        )

    def check_permissions(self, request):
        super().check_permissions(request)
        if not has_perm(request, "volunteers.list_volunteers"):
            self.permission_denied(request, message=_("You may not list volunteers."))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["contact_codes"] = contact_municipality_codes(api_user(self.request))
        return context

    @extend_schema(summary="Volunteers you may see")
    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        shown = sum(1 for row in response.data.get("results", []) if row.get("contact"))
        if shown:
            # Who looked at whose contact details is part of the audit trail.
            logger.info(
                "User %s viewed contact details of %d volunteers (API)", request.user.pk, shown
            )
        return response
