from django import forms
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.models import Organization, TaxonomyTerm
from turvaverkko.volunteers.models import AlertGroup

from .models import HelpRequest, Incident, SituationEntry


class IncidentForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["title", "type", "severity", "municipalities", "description", "is_exercise"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "municipalities": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, municipality_codes=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Municipality.objects.order_by("name_fi")
        if municipality_codes is not None:
            qs = qs.filter(code__in=municipality_codes)
        self.fields["municipalities"].queryset = qs


def _translation(language: str, label, help_text) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": language}),
        help_text=help_text,
    )


class ActivationForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "fi"}),
        help_text=_("A text message holds about 100 characters besides the reply code."),
    )
    message_sv = _translation(
        "sv",
        _("The message in Swedish"),
        _("For recipients who read Swedish; empty sends them the Finnish message."),
    )
    message_en = _translation(
        "en",
        _("The message in English"),
        _("For recipients who read English; empty sends them the Finnish message."),
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organisations (their contact chains)"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    alert_groups = forms.ModelMultipleChoiceField(
        label=_("Alert groups"),
        queryset=AlertGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Volunteers with these skills"),
        queryset=TaxonomyTerm.objects.filter(taxonomy=TaxonomyTerm.Taxonomy.SKILL),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    volunteer_count = forms.IntegerField(
        label=_("Number of volunteers to alert (nearest first)"),
        min_value=0,
        max_value=10000,
        initial=0,
    )
    max_km = forms.FloatField(label=_("Within kilometres"), min_value=0, required=False)
    reply_timeout_minutes = forms.IntegerField(
        label=_("Minutes before an organisation's deputy is alerted"),
        min_value=1,
        max_value=240,
        initial=10,
    )
    send_receipts = forms.BooleanField(
        label=_("Answer every text message reply with a receipt"),
        required=False,
        initial=True,
        help_text=_("The receipt says what was recorded, or how to reply when not understood."),
    )

    def __init__(self, *args, incident, defaults=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.defaults = defaults or {}  # the proposed texts per language
        self.dropped_translations = []
        codes = list(incident.municipalities.values_list("code", flat=True))
        self.fields["organizations"].queryset = (
            Organization.objects.filter(municipalities__code__in=codes, is_active=True)
            .distinct()
            .order_by("name")
        )
        self.fields["alert_groups"].queryset = AlertGroup.objects.filter(
            municipality__code__in=codes
        ) | AlertGroup.objects.filter(organization__municipalities__code__in=codes)
        self.fields["alert_groups"].queryset = self.fields["alert_groups"].queryset.distinct()

    def clean(self):
        data = super().clean()
        if (
            not data.get("organizations")
            and not data.get("alert_groups")
            and not data.get("volunteer_count")
        ):
            raise forms.ValidationError(_("Choose whom to alert."))
        # A translation left as proposed while the Finnish text was rewritten would tell
        # its readers something else: it is dropped, and they get the Finnish text.
        self.dropped_translations = []
        if data.get("message") and data["message"] != self.defaults.get("fi"):
            for lang in ("sv", "en"):
                field = f"message_{lang}"
                if data.get(field) and data[field] == self.defaults.get(lang):
                    data[field] = ""
                    self.dropped_translations.append(lang)
        return data


class UpdateForm(forms.Form):
    text = forms.CharField(
        label=_("Update to those coming"), max_length=600, widget=forms.Textarea(attrs={"rows": 2})
    )


class LogEntryForm(forms.ModelForm):
    class Meta:
        model = SituationEntry
        fields = ["severity", "place", "latitude", "longitude", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class LessonsForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["lessons"]
        widgets = {"lessons": forms.Textarea(attrs={"rows": 4})}


class HelpRequestForm(forms.ModelForm):
    class Meta:
        model = HelpRequest
        fields = ["text", "skill", "people_needed", "place", "starts_at", "ends_at"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = TaxonomyTerm.objects.filter(
            taxonomy=TaxonomyTerm.Taxonomy.SKILL
        )
        self.fields["people_needed"].min_value = 1
