"""Read-only representations of the reference areas."""

from rest_framework import serializers

from .models import Municipality, PostalCode, Region, WellbeingCounty


class RegionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the requested language.")

    class Meta:
        model = Region
        fields = ["code", "name", "name_fi", "name_sv", "name_en"]


class WellbeingCountySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the requested language.")

    class Meta:
        model = WellbeingCounty
        fields = ["code", "name", "name_fi", "name_sv", "name_en"]


class MunicipalitySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the requested language.")
    is_bilingual = serializers.BooleanField(read_only=True)
    language_status = serializers.ChoiceField(
        source="language", choices=Municipality.Language.choices, read_only=True
    )

    class Meta:
        model = Municipality
        fields = [
            "code",
            "name",
            "name_fi",
            "name_sv",
            "language_status",
            "is_bilingual",
            "region",
            "county",
            "latitude",
            "longitude",
            "population",
            "valid_year",
        ]


class PostalCodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = PostalCode
        fields = ["code", "name_fi", "name_sv", "municipality", "latitude", "longitude"]
