from django import forms
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.models import Organization
from turvaverkko.registry.rules import administered_organization_ids, coordinated_municipality_codes

from .models import Resource


class ResourceForm(forms.ModelForm):
    class Meta:
        model = Resource
        fields = [
            "organization",
            "kind",
            "name",
            "description",
            "municipality",
            "site",
            "address",
            "key_holder",
            "latitude",
            "longitude",
            "quantity",
            "unit",
            "availability",
            "readiness_minutes",
            "capacity",
            "beds",
            "heat_without_grid",
            "generator",
            "water",
            "kitchen",
            "accessible",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "key_holder": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        codes = coordinated_municipality_codes(user)
        own = administered_organization_ids(user)
        orgs = Organization.objects.filter(is_active=True)
        municipalities = Municipality.objects.all()
        if codes is not None:
            orgs = orgs.filter(pk__in=own) | orgs.filter(municipalities__code__in=codes)
            own_codes = Organization.objects.filter(pk__in=own).values("municipalities__code")
            municipalities = municipalities.filter(code__in=codes) | municipalities.filter(
                code__in=own_codes
            )
        self.fields["organization"].queryset = orgs.distinct()
        self.fields["municipality"].queryset = municipalities.distinct()
        # The directory's places, through the model's foreign key: resources and directory
        # are sibling apps and do not import each other.
        self.fields["site"].queryset = self.fields["site"].queryset.filter(
            municipality__in=self.fields["municipality"].queryset
        )
        self.fields["site"].required = False
        self.fields["latitude"].help_text = _("WGS84 decimal degrees, e.g. 61.1762")
        self.fields["longitude"].help_text = _("WGS84 decimal degrees, e.g. 22.6972")

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        if lat is not None and not (59 <= lat <= 71 and 19 <= lon <= 32):
            raise forms.ValidationError(_("The coordinates are not in Finland."))
        return data
