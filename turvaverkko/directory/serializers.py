"""API representations of sites, services and services at sites (all public data)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from turvaverkko.areas.models import Municipality
from turvaverkko.core.fields import LocalTimeField
from turvaverkko.registry.models import Language, Organization, TaxonomyTerm
from turvaverkko.registry.validators import normalise_phone

from .models import OpeningException, OpeningRule, Service, ServiceAtLocation, Site


def _phone(value):
    if not value:
        return ""
    try:
        return normalise_phone(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from None


def _terms(taxonomy):
    return serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=TaxonomyTerm.objects.filter(taxonomy=taxonomy)
    )


def _languages():
    return serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Language.objects.all()
    )


class OpeningRuleSerializer(serializers.ModelSerializer):
    opens_at = LocalTimeField()
    closes_at = LocalTimeField()

    class Meta:
        model = OpeningRule
        # pattern/nth: "monthly_nth" with nth 1 is the first of the weekdays in the month.
        # The rule's note in each language (the editor's three fields).
        fields = ["byday", "opens_at", "closes_at", "pattern", "interval", "nth", "valid_from",
                  "valid_to", "description_fi", "description_sv", "description_en"]  # fmt: skip


class OpeningExceptionSerializer(serializers.ModelSerializer):
    opens_at = LocalTimeField(allow_null=True, required=False)
    closes_at = LocalTimeField(allow_null=True, required=False)

    class Meta:
        model = OpeningException
        # `description` in the request's language (falling back as the pages do), and the
        # note in each language as stored.
        fields = ["date", "closed", "opens_at", "closes_at", "description", "description_fi",
                  "description_sv", "description_en"]  # fmt: skip


class SiteSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the requested language.")
    name_fi = serializers.CharField(max_length=200)
    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all(), required=False, allow_null=True
    )
    languages = _languages()
    target_groups = _terms(TaxonomyTerm.Taxonomy.TARGET_GROUP)
    organizations = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Organization.objects.all()
    )
    opening_rules = OpeningRuleSerializer(many=True, read_only=True)
    opening_exceptions = OpeningExceptionSerializer(many=True, read_only=True)
    latitude = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(
        required=False, allow_null=True, min_value=-180, max_value=180
    )

    class Meta:
        model = Site
        fields = [
            "id",
            "name",
            "name_fi",
            "name_sv",
            "name_en",
            "alternate_name",
            "description_fi",
            "description_sv",
            "description_en",
            "kind",
            "low_threshold",
            "url",
            "email",
            "phone",
            "street_address",
            "street_address_sv",
            "street_address_en",
            "postal_code",
            "city",
            "municipality",
            "latitude",
            "longitude",
            "transportation_fi",
            "transportation_sv",
            "transportation_en",
            "step_free_access",
            "accessible_toilet",
            "induction_loop",
            "accessible_parking",
            "accessibility_notes_fi",
            "accessibility_notes_sv",
            "accessibility_notes_en",
            "languages",
            "target_groups",
            "organizations",
            "opening_rules",
            "opening_exceptions",
            "is_published",
            "external_identifier",
            "external_identifier_type",
            "modified_at",
        ]
        read_only_fields = ["modified_at"]

    def validate_phone(self, value):
        return _phone(value)

    def validate_postal_code(self, value):
        if value and not (len(value) == 5 and value.isdigit()):
            raise serializers.ValidationError(_("A Finnish postal code has five digits."))
        return value

    def validate(self, attrs):
        lat = attrs.get("latitude", getattr(self.instance, "latitude", None))
        lon = attrs.get("longitude", getattr(self.instance, "longitude", None))
        if (lat is None) != (lon is None):
            raise serializers.ValidationError(
                {"longitude": _("Give both latitude and longitude, or neither.")}
            )
        return attrs


class ServiceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the requested language.")
    name_fi = serializers.CharField(max_length=200)
    themes = _terms(TaxonomyTerm.Taxonomy.THEME)
    target_groups = _terms(TaxonomyTerm.Taxonomy.TARGET_GROUP)
    languages = _languages()
    service_area = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Municipality.objects.all()
    )
    opening_rules = OpeningRuleSerializer(many=True, read_only=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "organization",
            "name",
            "name_fi",
            "name_sv",
            "name_en",
            "alternate_name",
            "description_fi",
            "description_sv",
            "description_en",
            "url",
            "email",
            "phone",
            "status",
            "fees_description_fi",
            "fees_description_sv",
            "fees_description_en",
            "application_process_fi",
            "application_process_sv",
            "application_process_en",
            "eligibility_description",
            "interpretation_services",
            "accreditations",
            "alert",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "assurer_email",
            "themes",
            "target_groups",
            "languages",
            "service_area",
            "opening_rules",
            "modified_at",
        ]
        read_only_fields = ["modified_at"]

    def validate_phone(self, value):
        return _phone(value)

    def validate(self, attrs):
        low = attrs.get("minimum_age", getattr(self.instance, "minimum_age", None))
        high = attrs.get("maximum_age", getattr(self.instance, "maximum_age", None))
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError(
                {"maximum_age": _("The maximum age is below the minimum age.")}
            )
        return attrs


class ServiceAtLocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceAtLocation
        fields = ["id", "service", "site", "description", "modified_at"]
        read_only_fields = ["modified_at"]
