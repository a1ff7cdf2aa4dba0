"""Forms of outreach: programme, visit series, booking, subscription, cancellation."""

from typing import Any

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _

from turvaverkko.directory.models import Site

from .models import Booking, Programme, VisitSeries

WEEKDAY_CHOICES = [
    (0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
    (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday")),
]  # fmt: skip
# <input type="date"> and "time" take ISO values whatever the page's language.
DATE, TIME = "%Y-%m-%d", "%H:%M"
NTH_CHOICES = [(1, _("first")), (2, _("second")), (3, _("third")), (4, _("fourth")),
               (-1, _("last"))]  # fmt: skip


def e164(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(_("Enter a valid phone number."))
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


class ProgrammeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Programme
        fields = ["name", "description", "organization", "municipalities",
                  "skip_public_holidays", "reach_threshold"]  # fmt: skip

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class SeriesForm(forms.ModelForm):  # type: ignore[type-arg]
    weekday = forms.TypedChoiceField(label=_("weekday"), choices=WEEKDAY_CHOICES, coerce=int)
    nth = forms.TypedChoiceField(
        label=_("which one in the month"), choices=NTH_CHOICES, coerce=int, initial=1,
        help_text=_("Only for “nth weekday of the month”, e.g. the first Thursday."),
    )  # fmt: skip
    remote_url = forms.URLField(label=_("video link"), required=False, assume_scheme="https")

    class Meta:
        model = VisitSeries
        fields = ["site", "pattern", "weekday", "nth", "starts_on", "ends_on", "arrives_at",
                  "departs_at", "organizations", "services", "languages", "staff_count",
                  "appointment_minutes", "buffer_minutes", "remote_url"]  # fmt: skip
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format=DATE),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format=DATE),
            "arrives_at": forms.TimeInput(attrs={"type": "time"}, format=TIME),
            "departs_at": forms.TimeInput(attrs={"type": "time"}, format=TIME),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(  # type: ignore[attr-defined]
            kind__in=[Site.Kind.OUTREACH_STOP, Site.Kind.MARKET_SQUARE, Site.Kind.CAR_PARK,
                      Site.Kind.OUTDOOR_MEETING_POINT, Site.Kind.VILLAGE_HALL,
                      Site.Kind.MEETING_PLACE]
        ).order_by("name")  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day is before the first day."))
        arrives, departs = data.get("arrives_at"), data.get("departs_at")
        if arrives and departs and departs <= arrives:
            self.add_error("departs_at", _("Departure must be after arrival."))
        return data


class BookingForm(forms.Form):
    starts_at = forms.ChoiceField(label=_("Time"))
    mode = forms.ChoiceField(label=_("How would you like to meet?"), choices=Booking.Mode.choices,
                             widget=forms.RadioSelect)  # fmt: skip
    name = forms.CharField(label=_("Name or nickname"), max_length=60)
    phone = forms.CharField(label=_("Phone (for the confirmation and reminder)"), required=False)
    email = forms.EmailField(label=_("or e-mail"), required=False)

    def __init__(self, *args: Any, slots: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].choices = slots  # type: ignore[attr-defined]

    def clean_phone(self) -> str:
        return e164(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("email") and not self.errors:
            raise forms.ValidationError(_("Give a phone number or an e-mail address."))
        if data.get("phone") and data.get("email"):
            raise forms.ValidationError(_("Give only one: a phone number or an e-mail address."))
        return data


class SubscribeForm(forms.Form):
    phone = forms.CharField(label=_("Phone"), required=False)
    email = forms.EmailField(label=_("or e-mail"), required=False)

    def clean_phone(self) -> str:
        return e164(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("email") and not self.errors:
            raise forms.ValidationError(_("Give a phone number or an e-mail address."))
        return data


class CancelVisitForm(forms.Form):
    reason = forms.CharField(label=_("Reason (sent to residents)"), max_length=120,
                             required=False)  # fmt: skip


class MoveVisitForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"},
                                                                  format=DATE))  # fmt: skip
    arrives_at = forms.TimeField(label=_("arrives"), widget=forms.TimeInput(
        attrs={"type": "time"}, format=TIME))  # fmt: skip
    departs_at = forms.TimeField(label=_("departs"), widget=forms.TimeInput(
        attrs={"type": "time"}, format=TIME))  # fmt: skip
    note = forms.CharField(label=_("Reason (sent to residents)"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        arrives, departs = data.get("arrives_at"), data.get("departs_at")
        if arrives and departs and departs <= arrives:
            self.add_error("departs_at", _("Departure must be after arrival."))
        return data


class EndSeriesForm(forms.Form):
    last_day = forms.DateField(
        label=_("Last visit day"), widget=forms.DateInput(attrs={"type": "date"}, format=DATE)
    )

    def __init__(self, *args: Any, series: VisitSeries, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.series = series

    def clean_last_day(self) -> Any:
        day = self.cleaned_data["last_day"]
        if day < self.series.starts_on:
            raise forms.ValidationError(_("The last day is before the first day."))
        return day
