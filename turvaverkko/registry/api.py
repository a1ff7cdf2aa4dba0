"""API of the network registry: organisations, contact persons, taxonomy terms, languages.

Reading organisations is public; their private part and the contact persons follow
registry.view_private_organization, writing follows registry.change_organization (see
rules.py), evaluated for the user as turvaverkko.registry.access.api_user() sees them.
"""

import django_filters
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, viewsets

from turvaverkko.core.filters import FilterSet

from .access import IsAdminOrReadOnly, has_perm, scope
from .models import ContactPerson, Language, Organization, TaxonomyTerm
from .serializers import (
    ContactPersonSerializer,
    LanguageSerializer,
    OrganizationSerializer,
    TaxonomyTermSerializer,
)


def visible_private_organizations(request):
    """Q for the organisations whose private data the request's user may see."""
    s = scope(request)
    if s.is_admin:
        return Q()
    q = Q(pk__in=s.organization_ids)
    if s.municipality_codes:
        q |= Q(municipalities__code__in=s.municipality_codes)
    return q


def can_view_private_from_scope(request):
    """The rules of registry.view_private_organization on prefetched municipalities."""
    s = scope(request)

    def check(org) -> bool:
        if s.is_admin or org.pk in s.organization_ids:
            return True
        codes = s.municipality_codes or ()
        return any(m.code in codes for m in org.municipalities.all())

    return check


class OrganizationFilter(FilterSet):
    municipality = django_filters.CharFilter(
        field_name="municipalities__code", label="Municipality code, e.g. 102."
    )
    search = django_filters.CharFilter(method="filter_search", label="Part of the name.")

    class Meta:
        model = Organization
        fields = ["kind", "is_active", "municipality", "search"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(name_fi__icontains=value)
            | Q(name_sv__icontains=value)
            | Q(name_en__icontains=value)
            | Q(alternate_name__icontains=value)
        )


class OrganizationPermission(permissions.BasePermission):
    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not request.user.is_authenticated:
            return False
        if request.method == "POST":
            s = scope(request)
            return s.is_admin or s.is_coordinator
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        if request.method == "DELETE":
            return scope(request).is_admin
        return has_perm(request, "registry.change_organization", obj)


class OrganizationViewSet(viewsets.ModelViewSet):
    """Organisations of the network. Public fields for everyone; `private` only for the
    organisation's admins, coordinators of its municipalities and administrators."""

    queryset = Organization.objects.prefetch_related(
        "themes", "target_groups", "municipalities", "contacts"
    ).order_by("name_fi", "id")
    serializer_class = OrganizationSerializer
    permission_classes = [OrganizationPermission]
    filterset_class = OrganizationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular builds the schema
            return self.serializer_class.Meta.model.objects.none()
        qs = super().get_queryset()
        if "municipality" in self.request.query_params:
            qs = qs.distinct()
        return qs

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "list":
            context["can_view_private"] = can_view_private_from_scope(self.request)
        else:
            context["can_view_private"] = lambda org: has_perm(
                self.request, "registry.view_private_organization", org
            )
        return context

    def _require_own_municipality(self, serializer):
        """A coordinator's organisation must stay in a municipality they coordinate."""
        s = scope(self.request)
        if s.is_admin or "municipalities" not in serializer.validated_data:
            return
        codes = {m.code for m in serializer.validated_data["municipalities"]}
        if not codes & (s.municipality_codes or set()):
            raise exceptions.PermissionDenied(
                _("The organisation must operate in a municipality you coordinate.")
            )

    def perform_create(self, serializer):
        serializer.validated_data.setdefault("municipalities", [])
        self._require_own_municipality(serializer)
        with transaction.atomic():
            serializer.save()

    def perform_update(self, serializer):
        s = scope(self.request)
        current = {m.code for m in serializer.instance.municipalities.all()}
        coordinates_it = s.is_admin or bool(current & (s.municipality_codes or set()))
        if not coordinates_it and "municipalities" in serializer.validated_data:
            # An association admin keeps the organisation where its coordinator is.
            chosen = {m.code for m in serializer.validated_data["municipalities"]}
            if chosen != current:
                raise exceptions.PermissionDenied(
                    _("Your municipal coordinator changes the municipalities.")
                )
        if coordinates_it:
            self._require_own_municipality(serializer)
        with transaction.atomic():
            serializer.save()


class ContactPersonViewSet(viewsets.ModelViewSet):
    """Contact persons (personal data): only for those who may see the organisation's
    private data; writing needs registry.change_organization on the organisation."""

    serializer_class = ContactPersonSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["organization"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular builds the schema
            return self.serializer_class.Meta.model.objects.none()
        visible = Organization.objects.filter(visible_private_organizations(self.request))
        return (
            ContactPerson.objects.filter(organization__in=visible.values("pk"))
            .select_related("organization")
            .order_by("organization__name_fi", "organization_id", "position", "id")
        )

    def _require_change(self, organization):
        if not has_perm(self.request, "registry.change_organization", organization):
            raise exceptions.PermissionDenied(
                _("You may not change this organisation's contact persons.")
            )

    def perform_create(self, serializer):
        self._require_change(serializer.validated_data["organization"])
        serializer.save()

    def perform_update(self, serializer):
        self._require_change(serializer.instance.organization)
        if "organization" in serializer.validated_data:
            self._require_change(serializer.validated_data["organization"])
        serializer.save()

    def perform_destroy(self, instance):
        self._require_change(instance.organization)
        instance.delete()


class TaxonomyTermViewSet(viewsets.ModelViewSet):
    """Terms of the managed taxonomies (themes, target groups, skills); admins edit."""

    queryset = TaxonomyTerm.objects.order_by("taxonomy", "code")
    serializer_class = TaxonomyTermSerializer
    permission_classes = [IsAdminOrReadOnly]
    filterset_fields = ["taxonomy", "parent"]


class LanguageViewSet(viewsets.ModelViewSet):
    """Languages by ISO 639 code; admins edit."""

    queryset = Language.objects.order_by("code")
    serializer_class = LanguageSerializer
    permission_classes = [IsAdminOrReadOnly]
    lookup_value_regex = "[a-z]{2,3}"
