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
    """The order of a role's contact chain: a position number per contact person of the
    role's organisation (empty leaves the person out), and "Move up" / "Move down" buttons,
    each a submit that moves one person by one place (no dragging, no JavaScript: `moved()`).
    Two people with the same number are refused with an error, not ordered silently."""

    MOVE = "move"  # the buttons' name; their value is "up:<pk>" or "down:<pk>"

    def __init__(self, *args, role, positions: dict | None = None, focus=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role
        self.focus = focus  # (pk, "up" | "down"): the button to focus after a move
        contacts = list(role.organization.contacts.order_by("position", "pk"))
        if positions is None:
            positions = {c.pk: i + 1 for i, c in enumerate(role.contact_chain())}
        self.positions = positions
        # Rows in the chain's order, the people left out after them.
        left_out = len(contacts) + 1
        self.contacts = sorted(
            contacts, key=lambda c: (positions.get(c.pk) or left_out, c.position, c.pk)
        )
        for contact in self.contacts:
            self.fields[f"contact_{contact.pk}"] = forms.IntegerField(
                label=f"{contact.name} ({contact.role_label})",
                min_value=1,
                required=False,
                initial=positions.get(contact.pk),
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
        by_position: dict[int, list] = {}
        for contact in self.contacts:
            position = data.get(f"contact_{contact.pk}")
            if position is not None:
                by_position.setdefault(position, []).append(contact)
        for position, people in sorted(by_position.items()):
            if len(people) < 2:
                continue
            names = ", ".join(person.name for person in people)
            self.add_error(
                None,
                _(
                    "%(names)s have the same position %(position)s. Give each person a "
                    "position of their own, or use the Move buttons."
                )
                % {"names": names, "position": position},
            )
            for person in people:
                self.add_error(
                    f"contact_{person.pk}",
                    _("Another person has position %(position)s too.") % {"position": position},
                )
        if not self._errors and not self.ordered_contacts():
            raise forms.ValidationError(_("Keep at least one person in the chain."))
        return data

    def _posted_positions(self) -> dict | None:
        """The positions as posted, None when one of them is not a number of 1 or more."""
        positions = {}
        for contact in self.contacts:
            value = (self.data.get(f"contact_{contact.pk}") or "").strip()
            if not value:
                continue
            if not value.isdigit() or int(value) < 1:
                return None
            positions[contact.pk] = int(value)
        return positions

    def moved(self) -> "ContactChainForm | None":
        """After a Move button: an unbound form with the person moved one place up or down
        and the chain numbered 1, 2, 3… (nothing saved yet); None when the button or the
        posted numbers cannot be read (the bound form then shows its errors)."""
        direction, _sep, pk = (self.data.get(self.MOVE) or "").partition(":")
        positions = self._posted_positions()
        if direction not in ("up", "down") or positions is None:
            return None
        row = {c.pk: i for i, c in enumerate(self.contacts)}
        chain = sorted(positions, key=lambda c_pk: (positions[c_pk], row[c_pk]))
        mover = next((c_pk for c_pk in chain if str(c_pk) == pk), None)
        if mover is None:
            return None
        i = chain.index(mover)
        j = i - 1 if direction == "up" else i + 1
        if 0 <= j < len(chain):
            chain[i], chain[j] = chain[j], chain[i]
        new_positions = {c_pk: n + 1 for n, c_pk in enumerate(chain)}
        return ContactChainForm(role=self.role, positions=new_positions, focus=(mover, direction))

    def moved_contact(self):
        return next((c for c in self.contacts if self.focus and c.pk == self.focus[0]), None)

    def rows(self) -> list[dict]:
        """One row per person in the form's order: the field, and which Move buttons it has
        (only people in the chain move; the first cannot go up, the last not down)."""
        values = self.positions
        if self.is_bound:
            values = {
                c.pk: int(v)
                for c in self.contacts
                if (v := (self.data.get(f"contact_{c.pk}") or "").strip()).isdigit()
            }
        in_chain = [c for c in self.contacts if values.get(c.pk)]
        out = []
        for contact in self.contacts:
            index = in_chain.index(contact) if contact in in_chain else None
            up = index is not None and index > 0
            down = index is not None and index < len(in_chain) - 1
            focus = None
            if self.focus and self.focus[0] == contact.pk:
                # The same button again, or the other one at the end of the chain.
                wanted = self.focus[1]
                focus = wanted if {"up": up, "down": down}[wanted] else ("down" if down else "up")
            out.append(
                {
                    "field": self[f"contact_{contact.pk}"],
                    "contact": contact,
                    "up": up,
                    "down": down,
                    "focus": focus,
                }
            )
        return out


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
