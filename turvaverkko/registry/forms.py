"""Forms of the registry pages; identifiers and phone numbers are normalised here."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.formsets import ORDERING_FIELD_NAME
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.models import Municipality

from .models import ContactPerson, Organization, RoleAssignment, TaxonomyTerm
from .rules import coordinated_municipality_codes, is_admin
from .validators import normalise_association_number, normalise_business_id, normalise_phone

CONTACT_FIELDS = ("name", "title", "phone", "email", "is_public")


def _optional(value, normalise, empty=""):
    value = (value or "").strip()
    if not value:
        return empty
    return normalise(value)


class OrganizationForm(forms.ModelForm):
    # Wider than the stored values: people type "1234567 - 8" or "123.456".
    business_id = forms.CharField(
        label=_("Y-tunnus"), max_length=20, required=False, help_text=_("e.g. 1234567-8")
    )
    association_number = forms.CharField(
        label=_("Association register number"),
        max_length=20,
        required=False,
        help_text=_("e.g. 123.456"),
    )
    phone = forms.CharField(
        label=_("Public phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [
            "name_fi",
            "name_sv",
            "name_en",
            "kind",
            "business_id",
            "association_number",
            "municipalities",
            "themes",
            "target_groups",
            "parent",
            "email",
            "phone",
            "website",
            "description_fi",
            "description_sv",
            "description_en",
        ]
        labels = {
            "name_fi": _("Name in Finnish"),
            "name_sv": _("Name in Swedish"),
            "name_en": _("Name in English"),
            "description_fi": _("Description in Finnish"),
            "description_sv": _("Description in Swedish"),
            "description_en": _("Description in English"),
            "email": _("Public e-mail"),
        }
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            # Check boxes: one click adds or removes one municipality, never replaces the
            # selection (a multi-select of 309 did on a plain click).
            "municipalities": forms.CheckboxSelectMultiple,
            "description_fi": forms.Textarea(attrs={"rows": 5}),
            "description_sv": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["name_fi"].required = True
        self.fields["themes"].queryset = TaxonomyTerm.objects.filter(
            taxonomy=TaxonomyTerm.Taxonomy.THEME
        )
        self.fields["target_groups"].queryset = TaxonomyTerm.objects.filter(
            taxonomy=TaxonomyTerm.Taxonomy.TARGET_GROUP
        )
        for name in ("themes", "target_groups"):
            if not self.fields[name].queryset.exists():
                del self.fields[name]  # an empty taxonomy: nothing to choose
        # A coordinator creates organisations in their own area only; an edit keeps the
        # municipalities the organisation already has. An association admin who does not
        # coordinate the organisation cannot change them: that would take the organisation
        # (and its contacts) away from its coordinator, so the coordinator does it.
        self.area = None if is_admin(user) else coordinated_municipality_codes(user) or set()
        editing = not self.instance._state.adding  # the pk is a UUID, set before saving
        current = set()
        if editing:
            current = set(self.instance.municipalities.values_list("code", flat=True))
        self.municipalities_locked = bool(
            self.area is not None and editing and not self.area & current
        )
        if self.municipalities_locked:
            field = self.fields["municipalities"]
            field.queryset = Municipality.objects.filter(code__in=current)
            field.disabled = True
            field.required = False
            field.help_text = _("Your municipal coordinator changes the municipalities.")
        elif self.area is not None:
            self.fields["municipalities"].queryset = Municipality.objects.filter(
                code__in=self.area | current
            )
            self.fields["municipalities"].required = True
        parents = Organization.objects.exclude(pk=self.instance.pk)
        if not is_admin(user):
            # One filter with OR: combining a distinct() queryset with another by "|" raises.
            near = Q(municipalities__code__in=(self.area or set()) | current)
            if self.instance.parent_id:
                near |= Q(pk=self.instance.parent_id)
            parents = parents.filter(near).distinct()
        self.fields["parent"].queryset = parents.order_by("name_fi")

    def clean_business_id(self):
        return _optional(self.cleaned_data["business_id"], normalise_business_id, None)

    def clean_association_number(self):
        return _optional(
            self.cleaned_data["association_number"], normalise_association_number, None
        )

    def clean_phone(self):
        return _optional(self.cleaned_data["phone"], normalise_phone)

    def clean_municipalities(self):
        chosen = self.cleaned_data["municipalities"]
        if self.municipalities_locked:
            return self.instance.municipalities.all()
        if self.area is not None and not any(m.code in self.area for m in chosen):
            raise ValidationError(_("Choose at least one municipality of your area."))
        return chosen


class ContactPersonForm(forms.ModelForm):
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text=_("e.g. 040 123 4567"),
    )

    class Meta:
        model = ContactPerson
        fields = list(CONTACT_FIELDS)
        labels = {"is_public": _("Show this person on the public page")}

    def clean_phone(self):
        return _optional(self.cleaned_data["phone"], normalise_phone)


class BaseContactFormSet(forms.BaseInlineFormSet):
    """The contact chain: ordered (primary, deputy 1, deputy 2...), deputies can be removed."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if ORDERING_FIELD_NAME in form.fields:
            form.fields[ORDERING_FIELD_NAME].label = _("Position in the chain")
            form.fields[ORDERING_FIELD_NAME].help_text = _("1 = primary contact, 2 = deputy 1…")
            form.fields[ORDERING_FIELD_NAME].widget.attrs["min"] = 1
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove from the chain")

    def clean(self):
        """Two contacts with the same position would be ordered by chance: refused, naming
        both, instead of silently."""
        super().clean()
        seen: dict[int, str] = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue  # the empty form for a new person
            position = form.cleaned_data.get(ORDERING_FIELD_NAME)
            if position is None:
                continue
            name = form.cleaned_data.get("name") or _("a new contact person")
            if position in seen:
                raise ValidationError(
                    _(
                        "%(first)s and %(second)s have the same position (%(position)s) in the "
                        "chain. Give each a different number, or use the Move up and Move "
                        "down buttons."
                    )
                    % {"first": seen[position], "second": name, "position": position}
                )
            seen[position] = name

    def chain(self) -> list[dict]:
        """The contacts in their new order, as actions.update_organization takes them."""
        return [
            {"id": form.instance.pk, **{f: form.cleaned_data.get(f) for f in CONTACT_FIELDS}}
            for form in self.ordered_forms
        ]


ContactFormSet = forms.inlineformset_factory(
    Organization,
    ContactPerson,
    form=ContactPersonForm,
    formset=BaseContactFormSet,
    extra=1,
    can_order=True,
    can_delete=True,
    max_num=20,
)


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the new admin"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if RoleAssignment.objects.filter(
            organization=self.organization,
            role=RoleAssignment.Role.ASSOCIATION_ADMIN,
            user__email__iexact=email,
        ).exists():
            raise ValidationError(_("This person is already an admin of the organisation."))
        return email


class NewAccountForm(forms.Form):
    """The invitee of a new account chooses a name and a password."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput({"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput({"autocomplete": "family-name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The passwords differ."))
        elif p1:
            user = get_user_model()(
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, user)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
        help_text=_("The first row must hold the column names."),
    )


class MappingForm(forms.Form):
    """One select per importable field: which column of the file fills it."""

    def __init__(self, *args, importer, headers, initial_mapping, **kwargs):
        super().__init__(*args, **kwargs)
        self.importer = importer
        choices = [("", _("– not imported –"))] + [
            (str(i), _("%(header)s (column %(n)s)") % {"header": h or _("(no name)"), "n": i + 1})
            for i, h in enumerate(headers)
        ]
        for f in importer.fields:
            initial = initial_mapping.get(f.name)
            self.fields[f.name] = forms.ChoiceField(
                label=f.label,
                choices=choices,
                required=False,
                initial="" if initial is None else str(initial),
                help_text=f.help_text,
            )

    def clean(self):
        data = super().clean()
        mapping = {name: int(value) for name, value in data.items() if value not in ("", None)}
        used: dict[int, str] = {}
        for name, index in mapping.items():
            if index in used:
                raise ValidationError(
                    _("The same column is chosen for “%(a)s” and “%(b)s”.")
                    % {"a": self.fields[used[index]].label, "b": self.fields[name].label}
                )
            used[index] = name
        for message in self.importer.mapping_errors(mapping):
            raise ValidationError(message)
        self.mapping = mapping
        return data


def move_contact(data, prefix: str, move: str):
    """The contact chain's POST data with one saved contact moved up or down ("2:up"):
    its fields change places with its neighbour's, and the positions are renumbered in the
    new order (1, 2, 3…). None when the move makes no sense. Nothing is saved: the page
    shows the new order and the user saves it (buttons instead of dragging, without
    JavaScript)."""
    index, _sep, direction = move.partition(":")
    try:
        i = int(index)
        saved = int(data.get(f"{prefix}-INITIAL_FORMS", 0))
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        return None
    j = i - 1 if direction == "up" else i + 1 if direction == "down" else -1
    if not (0 <= i < saved and 0 <= j < saved):
        return None
    moved = data.copy()
    fields = {}
    for n in (i, j):
        start = f"{prefix}-{n}-"
        fields[n] = {k[len(start) :]: data.getlist(k) for k in data if k.startswith(start)}
        for key in [k for k in moved if k.startswith(start)]:
            del moved[key]
    for n, other in ((i, j), (j, i)):
        for suffix, values in fields[other].items():
            moved.setlist(f"{prefix}-{n}-{suffix}", values)
    for k in range(saved):
        moved[f"{prefix}-{k}-{ORDERING_FIELD_NAME}"] = str(k + 1)
    for k in range(saved, total):
        if moved.get(f"{prefix}-{k}-{ORDERING_FIELD_NAME}"):
            moved[f"{prefix}-{k}-{ORDERING_FIELD_NAME}"] = str(k + 1)
    return moved
