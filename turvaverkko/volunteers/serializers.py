"""API representations of volunteers: the volunteer's own profile and the coordinators' list.

Contact details (phone, e-mail, approximate location) appear only in the volunteer's own
profile and, in the list, for coordinators of the volunteer's home municipality and admins.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from turvaverkko.areas.models import Municipality
from turvaverkko.core.fields import LocalTimeField
from turvaverkko.registry.models import Language, Organization, TaxonomyTerm

from .models import AvailabilitySlot, Volunteer


class AvailabilitySlotSerializer(serializers.ModelSerializer):
    start = LocalTimeField()
    end = LocalTimeField()

    class Meta:
        model = AvailabilitySlot
        fields = ["weekday", "start", "end"]


class VolunteerProfileSerializer(serializers.ModelSerializer):
    """The volunteer's own profile (GET/PUT/PATCH /api/volunteers/me/)."""

    home_municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all(), allow_null=True, required=False
    )
    skills = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=TaxonomyTerm.objects.filter(taxonomy=TaxonomyTerm.Taxonomy.SKILL),
    )
    languages = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Language.objects.all()
    )
    interpreting_languages = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Language.objects.all()
    )
    organizations = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Organization.objects.all()
    )
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=Volunteer.Channel.choices), required=False
    )
    latitude = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(
        required=False, allow_null=True, min_value=-180, max_value=180
    )
    availability = AvailabilitySlotSerializer(many=True, read_only=True)

    class Meta:
        model = Volunteer
        fields = [
            "id",
            "name",
            "phone",
            "email",
            "language",
            "home_municipality",
            "latitude",
            "longitude",
            "skills",
            "languages",
            "interpreting_languages",
            "driving_licence_classes",
            "channels",
            "do_not_alert_until",
            "organizations",
            "availability",
            "email_confirmed_at",
            "consent_given_at",
            "created_at",
            "modified_at",
        ]
        read_only_fields = ["email_confirmed_at", "consent_given_at", "created_at", "modified_at"]
        extra_kwargs = {"email": {"required": True, "allow_blank": False}}


class VolunteerContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Volunteer
        fields = ["phone", "email", "latitude", "longitude", "channels"]


class VolunteerListSerializer(serializers.ModelSerializer):
    """A volunteer as coordinators and association admins see them."""

    home_municipality = serializers.SlugRelatedField(slug_field="code", read_only=True)
    contact = serializers.SerializerMethodField(
        help_text=(
            "Phone, e-mail and approximate location; null unless you coordinate the "
            "volunteer's home municipality or are an administrator."
        )
    )

    class Meta:
        model = Volunteer
        fields = [
            "id",
            "name",
            "language",
            "home_municipality",
            "skills",
            "languages",
            "interpreting_languages",
            "driving_licence_classes",
            "do_not_alert_until",
            "organizations",
            "contact",
        ]
        read_only_fields = fields

    @extend_schema_field(VolunteerContactSerializer(allow_null=True))
    def get_contact(self, obj):
        codes = self.context.get("contact_codes", set())
        if codes is None or obj.home_municipality_id in codes:
            return VolunteerContactSerializer(obj).data
        return None
