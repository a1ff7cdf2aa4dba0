"""API of the public directory: sites, services, and services offered at sites.

Everyone reads published data. Writing is for the admins of an organisation present (for a
site) or offering the service, for coordinators of the municipality, and for administrators:
sites follow directory.rules (directory.change_site / add_site), services the same scopes
from registry.rules; both are evaluated for the user as registry.access.api_user() sees them.
The search page's cached results show an API edit when they expire (directory.search).
"""

import django_filters
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, viewsets

from turvaverkko.core.filters import FilterSet
from turvaverkko.registry.access import Scope, api_user, has_perm, scope
from turvaverkko.registry.models import Organization

from . import search
from .models import Service, ServiceAtLocation, Site
from .rules import editable_sites_q
from .serializers import ServiceAtLocationSerializer, ServiceSerializer, SiteSerializer


def can_edit_site_data(s: Scope, organization_ids, municipality_code) -> bool:
    if s.is_admin or set(organization_ids) & s.organization_ids:
        return True
    return municipality_code is not None and s.coordinates(municipality_code)


def _saved(serializer):
    with transaction.atomic():
        serializer.save()


def can_edit_organization_services(s: Scope, organization: Organization) -> bool:
    if s.is_admin or organization.pk in s.organization_ids:
        return True
    return any(s.coordinates(m.code) for m in organization.municipalities.all())


def can_edit_service(s: Scope, service: Service) -> bool:
    if can_edit_organization_services(s, service.organization):
        return True
    return any(s.coordinates(site.municipality_id) for site in service.sites.all())


def visible_sites(request) -> Q:
    """Published sites, and the unpublished ones this user may edit."""
    editable = editable_sites_q(api_user(request))
    return Q() if editable is None else Q(is_published=True) | editable


class WriteAuthenticated(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or request.user.is_authenticated


class SiteFilter(FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Words in the site's texts.")

    class Meta:
        model = Site
        fields = ["municipality", "kind", "low_threshold", "postal_code", "search"]

    def filter_search(self, queryset, name, value):
        # The one search of the directory (search.py): the same sites as the search page.
        return queryset.filter(search.sites_q(value))


class SiteViewSet(viewsets.ModelViewSet):
    """Sites: meeting places, village halls, offices... Unpublished sites only for those
    who may edit them."""

    serializer_class = SiteSerializer
    permission_classes = [WriteAuthenticated]
    filterset_class = SiteFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular builds the schema
            return self.serializer_class.Meta.model.objects.none()
        qs = Site.objects.prefetch_related(
            "languages", "target_groups", "organizations", "opening_rules", "opening_exceptions"
        ).order_by("name_fi", "id")
        return qs.filter(visible_sites(self.request))

    def _check(self, serializer):
        s = scope(self.request)
        data = serializer.validated_data
        instance = serializer.instance
        if instance is None and not has_perm(self.request, "directory.add_site"):
            raise exceptions.PermissionDenied(_("You may not add sites."))
        if instance is not None and not has_perm(self.request, "directory.change_site", instance):
            raise exceptions.PermissionDenied(_("You may not edit this site."))
        if "organizations" in data:
            org_ids = [o.pk for o in data["organizations"]]
        else:
            org_ids = [o.pk for o in instance.organizations.all()] if instance else []
        municipality = data.get("municipality", getattr(instance, "municipality", None))
        if not can_edit_site_data(s, org_ids, getattr(municipality, "code", None)):
            raise exceptions.PermissionDenied(
                _("A site must belong to your organisation or to a municipality you coordinate.")
            )

    def perform_create(self, serializer):
        self._check(serializer)
        _saved(serializer)

    def perform_update(self, serializer):
        self._check(serializer)
        _saved(serializer)

    def perform_destroy(self, instance):
        if not has_perm(self.request, "directory.change_site", instance):
            raise exceptions.PermissionDenied(_("You may not delete this site."))
        instance.delete()


class ServiceFilter(FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Words in the service.")
    municipality = django_filters.CharFilter(
        field_name="service_area__code", label="Municipality code of the service area."
    )

    class Meta:
        model = Service
        fields = ["organization", "status", "municipality", "search"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(search.services_q(value))


class ServiceViewSet(viewsets.ModelViewSet):
    """Services that organisations offer."""

    queryset = (
        Service.objects.select_related("organization")
        .prefetch_related(
            "themes",
            "target_groups",
            "languages",
            "service_area",
            "opening_rules",
            "organization__municipalities",
            "sites",
        )
        .order_by("name_fi", "id")
    )
    serializer_class = ServiceSerializer
    permission_classes = [WriteAuthenticated]
    filterset_class = ServiceFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular builds the schema
            return self.serializer_class.Meta.model.objects.none()
        qs = super().get_queryset()
        if "municipality" in self.request.query_params:
            qs = qs.distinct()
        return qs

    def _check(self, serializer):
        s = scope(self.request)
        instance = serializer.instance
        if instance is not None and not can_edit_service(s, instance):
            raise exceptions.PermissionDenied(_("You may not edit this service."))
        organization = serializer.validated_data.get("organization")
        if organization is not None and not can_edit_organization_services(s, organization):
            raise exceptions.PermissionDenied(
                _("You may only add services of organisations you administer or coordinate.")
            )

    def perform_create(self, serializer):
        self._check(serializer)
        _saved(serializer)

    def perform_update(self, serializer):
        self._check(serializer)
        _saved(serializer)

    def perform_destroy(self, instance):
        if not can_edit_service(scope(self.request), instance):
            raise exceptions.PermissionDenied(_("You may not delete this service."))
        instance.delete()


class ServiceAtLocationViewSet(viewsets.ModelViewSet):
    """Which service is offered at which site. Editing needs the right to edit the service;
    the site must be one you can see."""

    serializer_class = ServiceAtLocationSerializer
    permission_classes = [WriteAuthenticated]
    filterset_fields = ["service", "site"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular builds the schema
            return self.serializer_class.Meta.model.objects.none()
        qs = ServiceAtLocation.objects.select_related("service", "site").order_by("id")
        visible = Site.objects.filter(visible_sites(self.request)).values("pk")
        return qs.filter(site__in=visible)

    def _check(self, service, site):
        if not can_edit_service(scope(self.request), service):
            raise exceptions.PermissionDenied(_("You may not edit this service."))
        if not site.is_published and not has_perm(self.request, "directory.change_site", site):
            raise exceptions.PermissionDenied(_("You may not use this site."))

    def perform_create(self, serializer):
        data = serializer.validated_data
        self._check(data["service"], data["site"])
        _saved(serializer)

    def perform_update(self, serializer):
        instance = serializer.instance
        self._check(instance.service, instance.site)
        data = serializer.validated_data
        self._check(data.get("service", instance.service), data.get("site", instance.site))
        _saved(serializer)

    def perform_destroy(self, instance):
        self._check(instance.service, instance.site)
        instance.delete()
