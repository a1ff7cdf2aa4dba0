from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.models import Municipality
from turvaverkko.preparedness.models import Exercise, PlanScenario
from turvaverkko.registry.models import Organization, TaxonomyTerm
from turvaverkko.volunteers.models import AlertGroup

from .models import HelpRequest, Incident, SituationEntry


class IncidentForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = [
            "title",
            "type",
            "severity",
            "municipalities",
            "description",
            "is_exercise",
            "exercise",
        ]
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
        # A drill's exercise record: the exercises of the municipalities the user coordinates.
        exercises = Exercise.objects.order_by("-planned_for")
        if municipality_codes is not None:
            exercises = exercises.filter(municipality__code__in=municipality_codes)
        self.fields["exercise"].queryset = exercises

    def clean(self):
        data = super().clean()
        if data.get("exercise") and not data.get("is_exercise"):
            self.add_error("exercise", _("Only an exercise can be a drill of an exercise record."))
        return data


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
        help_text=_(
            "The text message adds the task, place, time, sender and the question; check "
            "the preview below."
        ),
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
    alert_anyway = forms.BooleanField(
        label=_("Alert anyway those outside their availability"),
        required=False,
        help_text=_(
            "When too few volunteers are available now. Never those who asked not to be "
            "alerted until a later date."
        ),
    )
    place = forms.CharField(
        label=_("Where to come"),
        max_length=200,
        required=False,
        help_text=_("In every message, e.g. Sammun kylätalo, Sammuntie 4."),
    )
    meet_at = forms.DateTimeField(
        label=_("When to come"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    bring = forms.CharField(
        label=_("What to bring"),
        max_length=300,
        required=False,
        help_text=_("In the messages, and on the page after answering yes."),
    )
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


class RecipientFilterForm(forms.Form):
    """Which organisations and alert groups the activation form shows: by type, theme,
    municipality and plan role. Sent with the activation form itself (prefix "f"), so
    filtering never loses what was written or chosen; chosen ones that a filter hides stay
    chosen."""

    kind = forms.ChoiceField(label=_("Type"), required=False)
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=TaxonomyTerm.objects.filter(taxonomy=TaxonomyTerm.Taxonomy.THEME),
        required=False,
        empty_label=_("All themes"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("All municipalities of the incident"),
    )
    scenario = forms.ModelChoiceField(
        label=_("Role in a readiness plan"),
        queryset=PlanScenario.objects.none(),
        required=False,
        empty_label=_("Any organisation"),
    )

    def __init__(self, *args, incident, **kwargs):
        kwargs.setdefault("prefix", "f")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All types")), *Organization.Kind.choices]
        self.fields["municipality"].queryset = incident.municipalities.order_by("name_fi")
        codes = list(incident.municipalities.values_list("code", flat=True))
        self.fields["scenario"].queryset = (
            PlanScenario.objects.filter(plan__municipalities__code__in=codes)
            .select_related("plan")
            .distinct()
            .order_by("plan__title", "kind")
        )
        self.fields["scenario"].label_from_instance = lambda s: (
            f"{s.get_kind_display()} ({s.plan.title})"
        )

    @property
    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    def organizations(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["theme"]:
            queryset = queryset.filter(themes=data["theme"])
        if data["municipality"]:
            queryset = queryset.filter(municipalities=data["municipality"])
        if data["scenario"]:
            queryset = queryset.filter(preparedness_roles__scenario=data["scenario"])
        return queryset.distinct()

    def alert_groups(self, queryset):
        """Groups of the chosen municipality (or of an organisation in it)."""
        if not self.is_valid() or not self.cleaned_data["municipality"]:
            return queryset
        municipality = self.cleaned_data["municipality"]
        return queryset.filter(
            Q(municipality=municipality) | Q(organization__municipalities=municipality)
        ).distinct()


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
