from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import DefaultRouter

from turvaverkko.areas import api as areas_api
from turvaverkko.directory import api as directory_api
from turvaverkko.registry import api as registry_api
from turvaverkko.volunteers import api as volunteers_api

from . import views

router = DefaultRouter()
router.register("regions", areas_api.RegionViewSet, basename="region")
router.register("counties", areas_api.WellbeingCountyViewSet, basename="county")
router.register("municipalities", areas_api.MunicipalityViewSet, basename="municipality")
router.register("postal-codes", areas_api.PostalCodeViewSet, basename="postalcode")
router.register("organizations", registry_api.OrganizationViewSet, basename="organization")
router.register("contacts", registry_api.ContactPersonViewSet, basename="contact")
router.register("taxonomy-terms", registry_api.TaxonomyTermViewSet, basename="taxonomyterm")
router.register("languages", registry_api.LanguageViewSet, basename="language")
router.register("sites", directory_api.SiteViewSet, basename="site")
router.register("services", directory_api.ServiceViewSet, basename="service")
router.register(
    "service-at-locations", directory_api.ServiceAtLocationViewSet, basename="serviceatlocation"
)
router.register("volunteers", volunteers_api.VolunteerViewSet, basename="volunteer")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api:schema"), name="docs"),
    path("volunteers/me/", volunteers_api.MyVolunteerProfile.as_view(), name="volunteer-me"),
    path("bench/trivial", views.bench_trivial, name="bench-trivial"),
    path("", include(router.urls)),
]
