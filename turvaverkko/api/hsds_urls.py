"""Open Referral HSDS 3.0 endpoints, included at /hsds/ (see api/hsds/views.py)."""

from django.urls import re_path

from .hsds import info_views, views

app_name = "hsds"
urlpatterns = [
    re_path(r"^$", info_views.root, name="root"),
    re_path(r"^openapi\.json$", info_views.openapi, name="openapi"),
    re_path(r"^profile/?$", info_views.profile, name="profile"),
    re_path(r"^services/?$", views.services, name="services"),
    re_path(r"^services/(?P<pk>[^/]+)/?$", views.service_detail, name="service"),
    re_path(r"^organizations/?$", views.organizations, name="organizations"),
    re_path(r"^organizations/(?P<pk>[^/]+)/?$", views.organization_detail, name="organization"),
    re_path(r"^service_at_locations/?$", views.service_at_locations, name="service_at_locations"),
    re_path(
        r"^service_at_locations/(?P<pk>[^/]+)/?$",
        views.service_at_location_detail,
        name="service_at_location",
    ),
    re_path(r"^taxonomies/?$", info_views.taxonomies, name="taxonomies"),
    re_path(r"^taxonomies/(?P<pk>[^/]+)/?$", info_views.taxonomy_detail, name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", info_views.taxonomy_terms, name="taxonomy_terms"),
    re_path(
        r"^taxonomy_terms/(?P<pk>[^/]+)/?$", info_views.taxonomy_term_detail, name="taxonomy_term"
    ),
]
