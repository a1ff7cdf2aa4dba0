from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.models import Municipality, WellbeingCounty
from turvaverkko.core import indicators as core_indicators
from turvaverkko.registry.models import Organization, TaxonomyTerm
from turvaverkko.registry.rules import administered_organization_ids, coordinated_municipality_codes

from .models import (
    ActionItem,
    AgendaItem,
    Application,
    Commitment,
    Goal,
    IndicatorYear,
    Meeting,
    MeetingSeries,
    Membership,
    Negotiation,
    Nomination,
    OpenCall,
    PartnershipTable,
    Seat,
    SurveyAnswer,
    TopicProposal,
    WelfareAgreement,
    WelfareIndicator,
    WelfareParty,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
THEMES = TaxonomyTerm.objects.filter(taxonomy=TaxonomyTerm.Taxonomy.THEME)


class TableForm(forms.ModelForm[PartnershipTable]):
    class Meta:
        model = PartnershipTable
        fields = [
            "name_fi",
            "name_sv",
            "name_en",
            "kind",
            "county",
            "municipalities",
            "themes",
            "networks",
            "purpose_fi",
            "purpose_sv",
            "purpose_en",
            "is_public",
        ]
        widgets = {
            "municipalities": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "networks": forms.CheckboxSelectMultiple,
            "purpose_fi": forms.Textarea(attrs={"rows": 3}),
            "purpose_sv": forms.Textarea(attrs={"rows": 3}),
            "purpose_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = coordinated_municipality_codes(user)
        municipalities = Municipality.objects.all()
        if codes is not None:
            municipalities = municipalities.filter(code__in=codes)
        self.fields["municipalities"].queryset = municipalities  # type: ignore[attr-defined]
        self.fields["county"].queryset = WellbeingCounty.objects.filter(  # type: ignore[attr-defined]
            municipalities__in=municipalities
        ).distinct()
        self.fields["themes"].queryset = THEMES  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("municipalities") and not data.get("county"):
            raise forms.ValidationError(_("Choose the municipalities or the wellbeing county."))
        return data


class SeatForm(forms.ModelForm[Seat]):
    class Meta:
        model = Seat
        fields = [
            "label_fi",
            "label_sv",
            "theme",
            "eligible_categories",
            "term_start",
            "term_end",
            "has_deputy",
        ]
        widgets = {
            "term_start": DATE,
            "term_end": DATE,
            "eligible_categories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = THEMES  # type: ignore[attr-defined]
        categories = TaxonomyTerm.objects.filter(
            taxonomy__in=[TaxonomyTerm.Taxonomy.TARGET_GROUP, TaxonomyTerm.Taxonomy.THEME]
        )
        self.fields["eligible_categories"].queryset = categories  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("term_start")
            and data.get("term_end")
            and data["term_end"] < data["term_start"]
        ):
            self.add_error("term_end", _("The term must end after it starts."))
        return data


class MembershipForm(forms.ModelForm[Membership]):
    class Meta:
        model = Membership
        fields = [
            "seat",
            "organization",
            "person_name",
            "email",
            "role",
            "voting",
            "start",
            "end",
            "deputy_of",
        ]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args: Any, table: PartnershipTable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = table.seats.all()  # type: ignore[attr-defined]
        self.fields["deputy_of"].queryset = table.memberships.exclude(  # type: ignore[attr-defined]
            role=Membership.Role.DEPUTY
        )
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("name_fi")


class CallForm(forms.ModelForm[OpenCall]):
    class Meta:
        model = OpenCall
        fields = ["title", "description", "seats", "deadline"]
        widgets = {"deadline": DATE, "seats": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, table: PartnershipTable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seats"].queryset = table.seats.all()  # type: ignore[attr-defined]


class ApplicationForm(forms.ModelForm[Application]):
    class Meta:
        model = Application
        fields = ["seat", "organization", "person_name", "email", "motivation"]

    def __init__(self, *args: Any, call: OpenCall, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = call.seats.all()  # type: ignore[attr-defined]
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            pk__in=administered_organization_ids(user)
        )


class SeriesForm(forms.ModelForm[MeetingSeries]):
    online_url = forms.URLField(
        label=_("online meeting link"), required=False, assume_scheme="https"
    )

    class Meta:
        model = MeetingSeries
        fields = ["first_start", "rrule", "duration_minutes", "mode", "location", "online_url"]
        widgets = {"first_start": DATETIME}


class MoveForm(forms.ModelForm[Meeting]):
    class Meta:
        model = Meeting
        fields = ["starts_at", "location"]
        widgets = {"starts_at": DATETIME}


class ItemForm(forms.ModelForm[AgendaItem]):
    new_matter = forms.CharField(
        label=_("or a new matter"),
        required=False,
        help_text=_("A matter groups the items of several meetings in the decisions register."),
    )

    class Meta:
        model = AgendaItem
        fields = [
            "kind",
            "title_fi",
            "title_sv",
            "proposer",
            "minutes",
            "confidential",
            "matter",
        ]

    def __init__(self, *args: Any, table: PartnershipTable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = table.matters.all()  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    outcome_kind = forms.ChoiceField(label=_("outcome"), choices=AgendaItem.Outcome.choices)
    outcome_fi = forms.CharField(label=_("outcome (fi)"), widget=forms.Textarea(attrs={"rows": 2}))
    outcome_sv = forms.CharField(
        label=_("outcome (sv)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    title_sv = forms.CharField(label=_("title (sv)"), required=False)


class ActionForm(forms.ModelForm[ActionItem]):
    class Meta:
        model = ActionItem
        fields = ["description", "responsible", "owner_organization", "owner_email", "due_date"]
        widgets = {"due_date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].required = True
        self.fields["due_date"].required = True


class CloseActionForm(forms.Form):
    note = forms.CharField(label=_("closing note"), widget=forms.Textarea(attrs={"rows": 2}))


class MemoForm(forms.ModelForm[Meeting]):
    class Meta:
        model = Meeting
        fields = ["memo_fi", "memo_sv"]
        widgets = {
            "memo_fi": forms.Textarea(attrs={"rows": 4}),
            "memo_sv": forms.Textarea(attrs={"rows": 4}),
        }


class ProposalForm(forms.ModelForm[TopicProposal]):
    class Meta:
        model = TopicProposal
        fields = ["title", "description", "name", "email"]


class NominationForm(forms.ModelForm[Nomination]):
    class Meta:
        model = Nomination
        fields = [
            "body",
            "nominee",
            "nominee_organization",
            "deputy",
            "email",
            "term_start",
            "term_end",
            "decided_in",
        ]
        widgets = {"term_start": DATE, "term_end": DATE}

    def __init__(self, *args: Any, table: PartnershipTable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_in"].queryset = AgendaItem.objects.filter(  # type: ignore[attr-defined]
            meeting__table=table
        ).select_related("meeting")


# --- welfare agreements ---------------------------------------------------------------------


class WelfareForm(forms.ModelForm[WelfareAgreement]):
    class Meta:
        model = WelfareAgreement
        fields = ["council_term_start", "council_term_end", "summary_fi", "summary_sv", "is_public"]
        widgets = {
            "summary_fi": forms.Textarea(attrs={"rows": 3}),
            "summary_sv": forms.Textarea(attrs={"rows": 3}),
        }


class PartyForm(forms.ModelForm[WelfareParty]):
    class Meta:
        model = WelfareParty
        fields = ["organization", "name", "role"]

    def __init__(self, *args: Any, welfare: WelfareAgreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = welfare.agreement.organizations.all()  # type: ignore[attr-defined]


class GoalForm(forms.ModelForm[Goal]):
    class Meta:
        model = Goal
        fields = ["parent", "title_fi", "title_sv", "theme", "age_group"]

    def __init__(self, *args: Any, welfare: WelfareAgreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = welfare.goals.filter(parent=None)  # type: ignore[attr-defined]
        self.fields["theme"].queryset = THEMES  # type: ignore[attr-defined]


class CommitmentForm(forms.ModelForm[Commitment]):
    class Meta:
        model = Commitment
        fields = [
            "goal",
            "title_fi",
            "title_sv",
            "owner",
            "contact_name",
            "contact_email",
            "premises",
            "volunteer_hours",
            "euros",
            "due_date",
            "status",
            "progress",
            "progress_justification",
        ]
        widgets = {"due_date": DATE, "progress_justification": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, welfare: WelfareAgreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = welfare.goals.all()  # type: ignore[attr-defined]
        self.fields["owner"].queryset = welfare.parties.all()  # type: ignore[attr-defined]


class IndicatorForm(forms.ModelForm[WelfareIndicator]):
    class Meta:
        model = WelfareIndicator
        fields = [
            "goal",
            "measure_fi",
            "measure_sv",
            "registry_id",
            "sotkanet_id",
            "direction",
            "baseline_year",
            "baseline_value",
        ]

    def __init__(self, *args: Any, welfare: WelfareAgreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = welfare.goals.all()  # type: ignore[attr-defined]
        choices = [("", "—")] + [(d.id, str(d.label)) for d in core_indicators.registered()]
        self.fields["registry_id"] = forms.ChoiceField(
            label=_("Turvaverkko indicator"), choices=choices, required=False
        )


class IndicatorYearForm(forms.ModelForm[IndicatorYear]):
    class Meta:
        model = IndicatorYear
        fields = ["indicator", "year", "target", "manual_actual", "justification"]
        widgets = {"justification": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, welfare: WelfareAgreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = welfare.indicators.all()  # type: ignore[attr-defined]


class NegotiationForm(forms.ModelForm[Negotiation]):
    class Meta:
        model = Negotiation
        fields = ["county", "year", "held_on"]
        widgets = {"held_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = coordinated_municipality_codes(user)
        counties = WellbeingCounty.objects.all()
        if codes is not None:
            counties = counties.filter(municipalities__code__in=codes).distinct()
        self.fields["county"].queryset = counties  # type: ignore[attr-defined]


class NegotiationOutcomeForm(forms.ModelForm[Negotiation]):
    class Meta:
        model = Negotiation
        fields = [
            "held_on",
            "representatives",
            "goals_and_measures",
            "cooperation",
            "follow_up",
            "operating_models",
            "information_flow",
        ]
        widgets = {
            "held_on": DATE,
            "representatives": forms.CheckboxSelectMultiple,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in [
                    "goals_and_measures",
                    "cooperation",
                    "follow_up",
                    "operating_models",
                    "information_flow",
                ]
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        county = self.instance.county_id
        self.fields["representatives"].queryset = Nomination.objects.filter(  # type: ignore[attr-defined]
            Q(table__county=county) | Q(table__municipalities__county=county)
        ).distinct()
        self.fields["representatives"].help_text = _(
            "The association representatives the partnership tables nominated."
        )


class SurveyForm(forms.ModelForm[SurveyAnswer]):
    class Meta:
        model = SurveyAnswer
        fields = ["cooperation", "wishes"]
        widgets = {"cooperation": forms.RadioSelect, "wishes": forms.Textarea(attrs={"rows": 4})}


class SotkanetFileForm(forms.Form):
    file = forms.FileField(
        label=_("Sotkanet export (CSV or JSON)"),
        help_text=_("Columns indicator, region (the municipality code), year, gender, value."),
    )
