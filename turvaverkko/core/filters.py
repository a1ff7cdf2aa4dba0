"""Filters of the API lists: a well-formed id that matches nothing gives an empty list.

django-filter's default for a foreign key is a ModelChoiceFilter, which answers 400 "select
a valid choice" when no row has the id. For a list filter that is wrong (ASVS 13.2: an id
that is not there is not a malformed request) and it tells apart ids that exist from those
that do not. Here the id is only checked for its form (a UUID, a number, a code), then
filtered on; a malformed id is still a 400.
"""

from typing import Any

import django_filters
import django_filters.fields
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django_filters.rest_framework import DjangoFilterBackend


class IdField(django_filters.fields.ModelChoiceField):
    """Accepts any well-formed primary key of the queryset's model, existing or not."""

    def to_python(self, value: Any) -> Any:
        """The primary key (or `to_field_name` value) as its field's Python type, not a row."""
        if value in self.empty_values:
            return None
        if self.queryset is None:
            # A filter declared without a queryset: the model, and so the id's form, is unknown.
            raise ImproperlyConfigured(f"{type(self).__name__} needs a queryset.")
        model = self.queryset.model
        target = model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
        try:
            return target.to_python(value)
        except ValidationError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)


class IdFilter(django_filters.ModelChoiceFilter):
    field_class = IdField


class FilterSet(django_filters.rest_framework.FilterSet):
    FILTER_DEFAULTS = {
        **django_filters.rest_framework.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {
            **django_filters.rest_framework.FilterSet.FILTER_DEFAULTS[models.ForeignKey],
            "filter_class": IdFilter,
        },
        models.OneToOneField: {
            **django_filters.rest_framework.FilterSet.FILTER_DEFAULTS[models.OneToOneField],
            "filter_class": IdFilter,
        },
    }


class FilterBackend(DjangoFilterBackend):
    """The default filter backend (settings.REST_FRAMEWORK): FilterSet above for the
    filtersets made from a view's `filterset_fields`."""

    filterset_base = FilterSet
