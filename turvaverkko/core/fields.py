"""Serializer fields shared by the apps' API serializers."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
        "example": "09:00:00",
        "description": "Local wall-clock time in Europe/Helsinki, without an offset.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day as people in Finland read it. OpenAPI's `format: time` would demand an
    offset, which a weekly opening hour does not have (the offset changes with DST)."""
