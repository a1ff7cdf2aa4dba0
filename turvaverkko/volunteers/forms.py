"""Forms of the volunteer pages: sign-up, sign-in, profile, availability, offers of help."""

import re

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.models import Language, Organization, TaxonomyTerm

from .models import AvailabilitySlot, HelpOffer, Volunteer

# Shown beside the consent checkbox and stored, word for word, with its timestamp.
CONSENT_TEXT = _(
    "I agree that Turvaverkko stores the details I give here so that the coordinators of my "
    "home municipality, and of an incident near me, can ask me to help in a disruption or an "
    "emergency. I can view, correct, export and erase my details at any time; erasing them "
    "withdraws this consent."
)

# Finnish driving licence categories (ajokorttiluokat), in the order licences list them.
DRIVING_LICENCE_CLASSES = [
    "AM",
    "A1",
    "A2",
    "A",
    "B",
    "BE",
    "C1",
    "C1E",
    "C",
    "CE",
    "D1",
    "D1E",
    "D",
    "DE",
    "T",
]

MESSAGE_LANGUAGES = [("fi", "suomi"), ("sv", "svenska"), ("en", "English")]


def normalise_phone(value: str) -> str:
    """A Finnish or international phone number in E.164 (+358401234567), or ValidationError."""
    error = ValidationError(
        _("Enter a valid phone number, for example 040 123 4567 or +358 40 123 4567."),
        code="invalid_phone",
    )
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        raise error from None
    if not phonenumbers.is_valid_number(number):
        raise error
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(value: str) -> str:
    """+358401234567 → 040 1234567; a foreign number in international format."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        return value
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 358
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)


class PhoneField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", _("For example 040 123 4567."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalise_phone(value) if value else ""

    def prepare_value(self, value):
        # Show a stored E.164 number the way people write it.
        if value and isinstance(value, str) and value.startswith("+"):
            return format_phone(value)
        return value


class MunicipalityField(forms.CharField):
    """A text input that accepts a municipality's name (fi or sv) or its code."""

    widget = forms.TextInput(attrs={"list": "municipality-names", "autocomplete": "off"})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Home municipality"))
        kwargs.setdefault("help_text", _("The name or the code of the municipality."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Municipality):
            return value.name
        if isinstance(value, str) and value.isdigit():
            found = Municipality.objects.filter(code=value).first()
            return found.name if found else value
        return value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        text = value.strip()
        if text.isdigit():
            found = Municipality.objects.filter(code=text.zfill(3)).first()
        else:
            found = Municipality.objects.filter(
                Q(name_fi__iexact=text) | Q(name_sv__iexact=text)
            ).first()
        if found is None:
            raise ValidationError(
                _("No municipality has this name or code. Check the spelling."),
                code="unknown_municipality",
            )
        return found


def municipality_names():
    """Options for the <datalist> that helps typing a municipality's name."""
    return Municipality.objects.order_by("name_fi")


class SignUpForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send a link to this address to confirm it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneField(label=_("Phone number (optional)"), required=False)
    home_municipality = MunicipalityField()
    language = forms.ChoiceField(
        label=_("Language for messages"), choices=MESSAGE_LANGUAGES, initial="fi"
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("You can sign up only if you agree to this.")},
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


Checkboxes = forms.CheckboxSelectMultiple


class ProfileForm(forms.ModelForm):
    phone = PhoneField(label=_("Phone number"), required=False)
    home_municipality = MunicipalityField()
    language = forms.ChoiceField(label=_("Language for messages"), choices=MESSAGE_LANGUAGES)
    latitude = forms.FloatField(
        label=_("Approximate latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("Optional. Stored rounded to about one kilometre, e.g. 61.18."),
    )
    longitude = forms.FloatField(
        label=_("Approximate longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("Optional, e.g. 22.70."),
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=TaxonomyTerm.objects.filter(taxonomy=TaxonomyTerm.Taxonomy.SKILL),
        widget=Checkboxes,
        required=False,
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages you speak"),
        queryset=Language.objects.all(),
        widget=Checkboxes,
        required=False,
    )
    interpreting_languages = forms.ModelMultipleChoiceField(
        label=_("Languages you can interpret"),
        queryset=Language.objects.all(),
        widget=Checkboxes,
        required=False,
    )
    driving_licence_classes = forms.CharField(
        label=_("Driving licence classes"),
        required=False,
        max_length=30,
        help_text=_("Separate with commas, for example B, BE."),
    )
    channels = forms.MultipleChoiceField(
        label=_("How may we alert you?"),
        choices=Volunteer.Channel.choices,
        widget=Checkboxes,
        required=False,
    )
    do_not_alert_until = forms.DateField(
        label=_("Do not alert me until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional, e.g. while you are travelling."),
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organisations you are a member of"),
        queryset=Organization.objects.none(),
        widget=Checkboxes,
        required=False,
        help_text=_("Organisations in your home municipality and your current memberships."),
    )

    class Meta:
        model = Volunteer
        fields = [
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
        ]
        labels = {"name": _("Name"), "email": _("E-mail address")}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        home = self.instance.home_municipality_id
        current = list(self.instance.organizations.values_list("pk", flat=True))
        self.fields["organizations"].queryset = (
            Organization.objects.filter(Q(is_active=True, municipalities=home) | Q(pk__in=current))
            .distinct()
            .order_by("name")
        )

    def clean_email(self):
        # Whether another account has the address is not said here (that would tell who is
        # registered): the change waits for the link mailed to the address (save_profile).
        return self.cleaned_data["email"].strip().lower()

    def clean_driving_licence_classes(self):
        parts = [p for p in re.split(r"[\s,;]+", self.cleaned_data["driving_licence_classes"]) if p]
        classes = {p.upper() for p in parts}
        unknown = sorted(classes - set(DRIVING_LICENCE_CLASSES))
        if unknown:
            raise ValidationError(
                _("Unknown driving licence class: %(classes)s. Known classes: %(known)s."),
                params={"classes": ", ".join(unknown), "known": ", ".join(DRIVING_LICENCE_CLASSES)},
                code="unknown_class",
            )
        return ", ".join(c for c in DRIVING_LICENCE_CLASSES if c in classes)

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None) and not self.has_error("latitude"):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        channels = data.get("channels") or []
        if "sms" in channels and not data.get("phone") and not self.has_error("phone"):
            self.add_error("phone", _("Text messages need a phone number."))
        return data


class AvailabilitySlotForm(forms.ModelForm):
    class Meta:
        model = AvailabilitySlot
        fields = ["weekday", "start", "end"]
        widgets = {
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error(
                "end",
                _("The end must be after the start. Split a night into two slots."),
            )
        return data


AvailabilityFormSet = forms.inlineformset_factory(
    Volunteer,
    AvailabilitySlot,
    form=AvailabilitySlotForm,
    extra=1,
    can_delete=True,
    max_num=21,
    validate_max=True,
)


class AddMembershipForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.filter(is_active=True))


class OrganizationSearchForm(forms.Form):
    q = forms.CharField(label=_("Organisation name"), max_length=100, required=False)


MAX_OFFER_MESSAGE = 2000


class HelpOfferForm(forms.ModelForm):
    phone = PhoneField(label=_("Phone number"), required=False)
    municipality = MunicipalityField(
        label=_("Municipality where you can help"),
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("What could you help with?"),
        queryset=TaxonomyTerm.objects.filter(taxonomy=TaxonomyTerm.Taxonomy.SKILL),
        widget=Checkboxes,
        required=False,
    )

    class Meta:
        model = HelpOffer
        fields = ["name", "phone", "email", "municipality", "skills", "message"]
        labels = {
            "name": _("Name"),
            "email": _("E-mail address"),
            "message": _("What you can offer"),
        }
        help_texts = {"message": _("For example: a van, two free evenings a week, cooking.")}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "message": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An anonymous form: a megabyte of "message" is an attack, not an offer.
        message = self.fields["message"]
        message.max_length = MAX_OFFER_MESSAGE
        message.validators.append(MaxLengthValidator(MAX_OFFER_MESSAGE))
        message.widget.attrs["maxlength"] = str(MAX_OFFER_MESSAGE)

    def clean(self):
        data = super().clean()
        no_contact = not data.get("phone") and not data.get("email")
        if no_contact and not self.has_error("phone") and not self.has_error("email"):
            raise ValidationError(
                _("Give a phone number or an e-mail address so that we can reach you."),
                code="no_contact",
            )
        return data


class VolunteerFilterForm(forms.Form):
    """Filters of the coordinators' volunteer list (GET)."""

    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=TaxonomyTerm.objects.filter(taxonomy=TaxonomyTerm.Taxonomy.SKILL),
        required=False,
        empty_label=_("Any skill"),
    )
    language = forms.ModelChoiceField(
        label=_("Language"), queryset=Language.objects.all(), required=False, empty_label=_("Any")
    )
    municipality = forms.ModelChoiceField(
        label=_("Home municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Any"),
    )

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            code__in=volunteers.order_by().values("home_municipality_id")
        ).order_by("name_fi")

    def filter(self, volunteers):
        data = self.cleaned_data
        if data.get("skill"):
            volunteers = volunteers.filter(skills=data["skill"])
        if data.get("language"):
            volunteers = volunteers.filter(languages=data["language"])
        if data.get("municipality"):
            volunteers = volunteers.filter(home_municipality=data["municipality"])
        return volunteers.distinct()
