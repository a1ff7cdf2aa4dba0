from django import forms
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.models import Organization
from turvaverkko.resources.models import Resource

from .models import ActionItem, Agreement, Exercise, PlanScenario, ReadinessPlan, Risk, Role
from .rules import writable_codes

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _municipalities(user):
    codes = writable_codes(user)
    qs = Municipality.objects.all()
    return qs if codes is None else qs.filter(code__in=codes)


class ReadinessPlanForm(forms.ModelForm):
    class Meta:
        model = ReadinessPlan
        fields = ["title", "municipalities", "description"]
        widgets = {
            "municipalities": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = _municipalities(user)


class PlanScenarioForm(forms.ModelForm):
    class Meta:
        model = PlanScenario
        fields = ["kind", "description", "alert_text_fi", "alert_text_sv", "alert_text_en"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "alert_text_fi": _(
                "Sent when this scenario is activated; about 100 characters fit in one text "
                "message beside the reply code. Empty: a ready-made text is proposed."
            )
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        others = self.plan.scenarios.filter(kind=kind).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("The plan already has this scenario."))
        return kind


class RoleForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = [
            "task",
            "organization",
            "trigger",
            "readiness_minutes",
            "agreement",
            "resources",
            "order",
        ]
        widgets = {"resources": forms.CheckboxSelectMultiple}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        codes = list(plan.municipalities.values_list("code", flat=True))
        self.fields["organization"].queryset = Organization.objects.filter(
            is_active=True, municipalities__code__in=codes
        ).distinct()
        self.fields["agreement"].queryset = Agreement.objects.filter(municipality__in=codes)
        self.fields["resources"].queryset = Resource.objects.filter(
            municipality__in=codes
        ).select_related("organization")
        self.fields["order"].help_text = _("Roles are listed and activated in this order.")


class ContactChainForm(forms.Form):
    """One position field per contact person of the role's organisation."""

    def __init__(self, *args, role, **kwargs):
        super().__init__(*args, **kwargs)
        self.contacts = list(role.organization.contacts.order_by("position", "pk"))
        current = {c.pk: i + 1 for i, c in enumerate(role.contact_chain())}
        for contact in self.contacts:
            self.fields[f"contact_{contact.pk}"] = forms.IntegerField(
                label=f"{contact.name} ({contact.role_label})",
                min_value=1,
                required=False,
                initial=current.get(contact.pk),
                help_text=_("Position in this role's chain; empty leaves the person out."),
            )

    def ordered_contacts(self):
        chosen = [
            (self.cleaned_data[f"contact_{c.pk}"], c.position, c)
            for c in self.contacts
            if self.cleaned_data.get(f"contact_{c.pk}") is not None
        ]
        return [c for _pos, _orig, c in sorted(chosen, key=lambda t: (t[0], t[1]))]

    def clean(self):
        data = super().clean()
        if self.is_valid_so_far() and not self.ordered_contacts():
            raise forms.ValidationError(_("Keep at least one person in the chain."))
        return data

    def is_valid_so_far(self):
        return not self._errors


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "title",
            "kind",
            "municipality",
            "organizations",
            "tasks",
            "compensation",
            "valid_from",
            "valid_to",
            "document",
        ]
        widgets = {
            "valid_from": DATE,
            "valid_to": DATE,
            "organizations": forms.CheckboxSelectMultiple,
            "tasks": forms.Textarea(attrs={"rows": 3}),
            "compensation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = _municipalities(user)
        self.fields["municipality"].queryset = municipalities
        self.fields["organizations"].queryset = Organization.objects.filter(
            is_active=True, municipalities__in=municipalities
        ).distinct()

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The agreement must end after it begins."))
        return data

    def save(self, commit=True):
        if "valid_to" in self.changed_data:
            self.instance.reminder_sent_at = None  # a renewed agreement is reminded again
        return super().save(commit)


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = [
            "municipality",
            "title",
            "scenario",
            "likelihood",
            "impact",
            "owner",
            "measures",
            "review_date",
        ]
        widgets = {"review_date": DATE, "measures": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = _municipalities(user)


class ExerciseForm(forms.ModelForm):
    class Meta:
        model = Exercise
        fields = [
            "municipality",
            "title",
            "scenario",
            "planned_for",
            "held_on",
            "organizations",
            "lessons_learned",
        ]
        widgets = {
            "planned_for": DATE,
            "held_on": DATE,
            "organizations": forms.CheckboxSelectMultiple,
            "lessons_learned": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = _municipalities(user)
        self.fields["municipality"].queryset = municipalities
        self.fields["organizations"].queryset = Organization.objects.filter(
            is_active=True, municipalities__in=municipalities
        ).distinct()


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["description", "responsible", "due_date"]
        widgets = {"due_date": DATE}
