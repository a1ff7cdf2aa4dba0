"""Forms: an operating model is edited one language at a time, in Innokylä's order."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.models import Organization, TaxonomyTerm

from .models import SECTIONS, Implementation, LanguageStatus, OperatingModel, Project

LONG = {
    "short_description",
    "basic_idea",
    "environment",
    "target_group_insight",
    "conditions",
    "intended_change",
    "measurement",
    "path_understand",
    "path_try",
    "path_evaluate",
}
UNTRANSLATED = {"funder", "author"}


def _choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelMultipleChoiceField)
    field.queryset = queryset


def section_fields(lang: str) -> list[str]:
    return [
        f if f in UNTRANSLATED else f"{f}_{lang}"
        for _key, _title, fields in SECTIONS
        for f, _req in fields
    ]


class OperatingModelForm(forms.ModelForm[OperatingModel]):
    status = forms.ChoiceField(
        label=_("status of this language version"),
        choices=[
            (LanguageStatus.DRAFT, LanguageStatus.DRAFT.label),
            (LanguageStatus.REVIEWED, LanguageStatus.REVIEWED.label),
        ],
        help_text=_("Reviewed: a person who knows the language has read the whole text."),
    )
    innokyla_url = forms.URLField(
        label=_("page in Innokylä"), required=False, assume_scheme="https"
    )

    class Meta:
        model = OperatingModel
        fields = ["original_language", "stage", "innokyla_url", "themes", "target_groups"]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang
        extra = forms.fields_for_model(OperatingModel, fields=section_fields(lang))
        for name, field in extra.items():
            base = name.rsplit("_", 1)[0] if name not in UNTRANSLATED else name
            if base in LONG:
                field.widget = forms.Textarea(attrs={"rows": 4})
            if self.instance.pk:
                field.initial = getattr(self.instance, name)
            self.fields[name] = field
        self.fields[f"name_{lang}"].required = True
        _choices(self, "themes", TaxonomyTerm.objects.filter(taxonomy="theme"))
        _choices(self, "target_groups", TaxonomyTerm.objects.filter(taxonomy="target_group"))
        if self.instance.pk:
            current = self.instance.status_of(lang)
            self.fields["status"].initial = (
                current if current == LanguageStatus.REVIEWED else LanguageStatus.DRAFT
            )
        order = section_fields(lang) + ["stage", "innokyla_url", "original_language", "status"]
        self.order_fields(order + ["themes", "target_groups"])

    def save(self, commit: bool = True) -> OperatingModel:
        model = super().save(commit=False)
        for name in section_fields(self.lang):
            setattr(model, name, self.cleaned_data.get(name) or "")
        return model


class ImplementationForm(forms.ModelForm[Implementation]):
    class Meta:
        model = Implementation
        fields = [
            "municipality",
            "organization",
            "organization_name",
            "started_on",
            "status",
            "adaptations",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "adaptations": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organization") and not (data.get("organization_name") or "").strip():
            raise forms.ValidationError(
                _("Choose the organisation from the registry or write its name.")
            )
        return data


class ProjectForm(forms.ModelForm[Project]):
    parties = forms.CharField(
        label=_("lead and co-implementers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: Y-tunnus and role (lead, co_implementer, partner or funder), "
            "for example 0201256-6 lead."
        ),
    )

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Project
        fields = [
            "name_fi",
            "name_sv",
            "name_en",
            "code_scheme",
            "code",
            "grant_type",
            "starts_on",
            "ends_on",
            "status",
            "municipalities",
            "target_groups",
            "main_goal_fi",
            "sub_goals_fi",
            "summary_fi",
            "budget",
            "website",
            "models_produced",
            "models_used",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "target_groups": forms.CheckboxSelectMultiple,
            "models_produced": forms.CheckboxSelectMultiple,
            "models_used": forms.CheckboxSelectMultiple,
            "main_goal_fi": forms.Textarea(attrs={"rows": 3}),
            "sub_goals_fi": forms.Textarea(attrs={"rows": 4}),
            "summary_fi": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_fi"].required = True
        _choices(self, "municipalities", Municipality.objects.all())
        _choices(self, "target_groups", TaxonomyTerm.objects.filter(taxonomy="target_group"))
        if self.instance.pk and not self.is_bound:
            self.initial["parties"] = "\n".join(
                f"{p.organization.business_id} {p.role}"
                for p in self.instance.parties.select_related("organization")
            )

    def clean_parties(self) -> list[tuple[Organization, str]]:
        """Each line names an organisation of the registry by Y-tunnus; errors say which line."""
        roles = {"lead", "co_implementer", "partner", "funder"}
        found: list[tuple[Organization, str]] = []
        errors: list[str] = []
        for number, line in enumerate(self.cleaned_data["parties"].splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            business_id = parts[0]
            role = parts[1] if len(parts) > 1 else "co_implementer"
            org = Organization.objects.filter(business_id=business_id).first()
            if role not in roles:
                errors.append(_("Line %(n)s: unknown role %(role)s.") % {"n": number, "role": role})
            elif org is None:
                errors.append(
                    _("Line %(n)s: no organisation with Y-tunnus %(id)s in the registry.")
                    % {"n": number, "id": business_id}
                )
            else:
                found.append((org, role))
        if errors:
            raise forms.ValidationError(errors)
        if not any(role == "lead" for _org, role in found):
            raise forms.ValidationError(_("Name the lead organisation."))
        return found
