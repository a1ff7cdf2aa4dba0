"""API representations of organisations, contact persons, taxonomy terms and languages.

An organisation's public fields are for everyone; its `private` part (contact chain,
confirmation date) is filled only for those with registry.view_private_organization and is
null for everyone else.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from turvaverkko.areas.models import Municipality

from .models import ContactPerson, Language, Organization, TaxonomyTerm
from .validators import normalise_association_number, normalise_business_id, normalise_phone


def _django_to_drf(func, value):
    try:
        return func(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from None


class TaxonomyTermSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the requested language.")

    class Meta:
        model = TaxonomyTerm
        fields = [
            "id",
            "taxonomy",
            "code",
            "name",
            "name_fi",
            "name_sv",
            "name_en",
            "description_fi",
            "description_sv",
            "description_en",
            "parent",
            "term_uri",
        ]
        extra_kwargs = {"name_fi": {"required": True, "allow_blank": False, "allow_null": False}}


class LanguageSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the requested language.")

    class Meta:
        model = Language
        fields = ["code", "name", "name_fi", "name_sv", "name_en"]
        extra_kwargs = {"name_fi": {"required": True, "allow_blank": False, "allow_null": False}}


class ContactPersonSerializer(serializers.ModelSerializer):
    """A person in an organisation's contact chain: personal data, never public."""

    class Meta:
        model = ContactPerson
        fields = [
            "id",
            "organization",
            "position",
            "name",
            "title",
            "phone",
            "email",
            "is_public",
            "failing_since",
        ]
        read_only_fields = ["failing_since"]

    def validate_phone(self, value):
        return _django_to_drf(normalise_phone, value) if value else ""


class OrganizationPrivateSerializer(serializers.Serializer):
    contacts = ContactPersonSerializer(many=True, read_only=True)
    confirmed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)


class OrganizationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the requested language.")
    name_fi = serializers.CharField(max_length=200)
    municipalities = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Municipality.objects.all(), required=False
    )
    themes = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=TaxonomyTerm.objects.filter(taxonomy=TaxonomyTerm.Taxonomy.THEME),
    )
    target_groups = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=TaxonomyTerm.objects.filter(taxonomy=TaxonomyTerm.Taxonomy.TARGET_GROUP),
    )
    private = serializers.SerializerMethodField(
        help_text=(
            "Contact chain and confirmation date; null unless you may see the "
            "organisation's private data."
        )
    )

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "name_fi",
            "name_sv",
            "name_en",
            "alternate_name",
            "kind",
            "business_id",
            "association_number",
            "themes",
            "target_groups",
            "municipalities",
            "parent",
            "email",
            "phone",
            "website",
            "description_fi",
            "description_sv",
            "description_en",
            "year_incorporated",
            "is_active",
            "modified_at",
            "private",
        ]
        read_only_fields = ["modified_at"]
        extra_kwargs = {
            "business_id": {"validators": []},
            "association_number": {"validators": []},
        }

    @extend_schema_field(OrganizationPrivateSerializer(allow_null=True))
    def get_private(self, obj):
        can_view = self.context.get("can_view_private")
        if can_view is None or not can_view(obj):
            return None
        return OrganizationPrivateSerializer(obj, context=self.context).data

    def validate_business_id(self, value):
        if not value:
            return None
        value = _django_to_drf(normalise_business_id, value)
        clash = Organization.objects.filter(business_id=value)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(_("Another organisation has this Y-tunnus."))
        return value

    def validate_association_number(self, value):
        if not value:
            return None
        value = _django_to_drf(normalise_association_number, value)
        clash = Organization.objects.filter(association_number=value)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                _("Another organisation has this association register number.")
            )
        return value

    def validate_phone(self, value):
        return _django_to_drf(normalise_phone, value) if value else ""

    def validate_parent(self, value):
        if value is not None and self.instance is not None and value.pk == self.instance.pk:
            raise serializers.ValidationError(_("An organisation cannot be its own parent."))
        return value
