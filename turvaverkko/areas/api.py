"""Public, read-only API of the reference areas (regions, counties, municipalities, postcodes)."""

from rest_framework import viewsets

from turvaverkko.core.permissions import ReadOnly

from .models import Municipality, PostalCode, Region, WellbeingCounty
from .serializers import (
    MunicipalitySerializer,
    PostalCodeSerializer,
    RegionSerializer,
    WellbeingCountySerializer,
)


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Regions (maakunnat), MK01–MK21."""

    queryset = Region.objects.order_by("code")
    serializer_class = RegionSerializer
    permission_classes = [ReadOnly]
    lookup_value_regex = "MK[0-9]{2}"


class WellbeingCountyViewSet(viewsets.ReadOnlyModelViewSet):
    """Wellbeing services counties (hyvinvointialueet)."""

    queryset = WellbeingCounty.objects.order_by("code")
    serializer_class = WellbeingCountySerializer
    permission_classes = [ReadOnly]
    lookup_value_regex = "[0-9]{2}"


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """Municipalities by their three-digit code; filter by `region` or `county`."""

    queryset = Municipality.objects.order_by("code")
    serializer_class = MunicipalitySerializer
    permission_classes = [ReadOnly]
    filterset_fields = ["region", "county", "language"]
    lookup_value_regex = "[0-9]{3}"


class PostalCodeViewSet(viewsets.ReadOnlyModelViewSet):
    """Postal codes and the municipality each belongs to; filter by `municipality`."""

    queryset = PostalCode.objects.order_by("code")
    serializer_class = PostalCodeSerializer
    permission_classes = [ReadOnly]
    filterset_fields = ["municipality"]
    lookup_value_regex = "[0-9]{5}"
