"""Forms of the directory: the public search (GET) and the site editor with its opening hours."""

from __future__ import annotations

import copy
from functools import lru_cache
from html import escape
from urllib.parse import urlencode

import phonenumbers
from django import forms
from django.core.cache import cache
from django.forms import inlineformset_factory
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.models import PostalCode
from turvaverkko.registry.models import Language, Organization, TaxonomyTerm

from . import recurrence as rec
from . import search
from .hours import WEEKDAYS
from .models import OpeningException, OpeningRule, Service, Site

# --- Public search ------------------------------------------------------------------------


def _cached_choices(kind: str) -> list[tuple[str, str]]:
    """Target groups and languages for the search selects, per language, cached briefly."""
    lang = (get_language() or "fi")[:2]
    key = f"directory:choices:{kind}:{lang}"
    choices = cache.get(key)
    if choices is None:
        if kind == "target_group":
            rows = TaxonomyTerm.objects.filter(taxonomy=TaxonomyTerm.Taxonomy.TARGET_GROUP)
            rows = rows.values("code", "name_fi", "name_sv", "name_en")
        else:
            # Only languages that some site or service uses: the list stays short.
            rows = Language.objects.filter(
                pk__in=Site.languages.through.objects.values("language_id")
            ) | Language.objects.filter(
                pk__in=Service.languages.through.objects.values("language_id")
            )
            rows = rows.values("code", "name_fi", "name_sv", "name_en")
        choices = sorted(
            ((row["code"], search.localized(row, "name", lang) or row["code"]) for row in rows),
            key=lambda choice: choice[1].casefold(),
        )
        cache.set(key, choices, search.CACHE_SECONDS)
    return choices


class _SearchFields:
    """The search form's fields in one language with the choices of the moment, and the
    options of its selects as escaped HTML (only the selected mark differs per search)."""

    def __init__(self, fields: dict, lang: str):
        self.fields = fields
        self.lang = lang
        self._options: dict[str, list[tuple[str, str, str]]] = {}
        self._html: dict[tuple[str, str], str] = {}

    def options_html(self, name: str, selected: str) -> str:
        html = self._html.get((name, selected))
        if html is None:
            if name not in self._options:
                with override(self.lang):
                    self._options[name] = [
                        (str(value), f'<option value="{escape(str(value))}"',
                         f">{escape(str(label))}</option>")
                        for value, label in self.fields[name].choices
                    ]  # fmt: skip
            html = "".join(
                start + (" selected" if value == selected else "") + end
                for value, start, end in self._options[name]
            )
            if len(self._html) < 1000:  # the selected values of valid searches: a few dozen
                self._html[(name, selected)] = html
        return mark_safe(html)  # noqa: S308 - escaped above


@lru_cache(maxsize=64)
def _search_fields(lang: str, target_groups: tuple, languages: tuple) -> _SearchFields:
    fields = copy.deepcopy(SearchForm.base_fields)
    fields["target_group"].choices = [("", _("All")), *target_groups]
    fields["language"].choices = [("", _("All")), *languages]
    return _SearchFields(fields, lang)


class SearchForm(forms.Form):
    """The search form. It is a GET form: every search is a link that works without JS."""

    q = forms.CharField(label=_("Search words"), required=False, max_length=200)
    place = forms.CharField(label=_("Municipality or postal code"), required=False, max_length=60)
    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    kind = forms.ChoiceField(
        label=_("Type of place"), required=False, choices=[("", _("All"))] + Site.Kind.choices
    )
    low_threshold = forms.BooleanField(label=_("Low-threshold places only"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    nearest = forms.BooleanField(label=_("Nearest first"), required=False)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    # Lenient: a mangled page number shows the first page rather than an error.
    page = forms.CharField(required=False, max_length=10)

    # The parameters that make a search, in a fixed order (cache keys, page links).
    PARAMS = ("q", "place", "target_group", "language", "kind", "low_threshold", "open_now",
              "nearest", "lat", "lon")  # fmt: skip

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        # Not a deep copy of the fields for every search (Django's default, a good part of
        # making this form): the fields of a language and its current choices are made once
        # and shared, as nothing changes a field of this form after it is made.
        self.base_fields = {}
        super().__init__(*args, **kwargs)
        self._prototype = _search_fields(
            (get_language() or "fi")[:2],
            tuple(_cached_choices("target_group")),
            tuple(_cached_choices("language")),
        )
        self.fields = dict(self._prototype.fields)

    def selects(self) -> list[dict]:
        """The three selects as plain data, their options already written (escaped) in
        Python, once per language and choices (_SearchFields): a template loop over some 40
        options was a good part of rendering the busiest page of the service."""
        out = []
        for name in ("target_group", "language", "kind"):
            selected = str(self[name].value() or "")
            out.append(
                {
                    "name": name,
                    "label": self.fields[name].label,
                    "options_html": self._prototype.options_html(name, selected),
                }
            )
        return out

    @property
    def has_filters(self) -> bool:
        """Whether a filter beyond the words and the place is in use (keeps them shown)."""
        names = ("target_group", "language", "kind", "low_threshold", "open_now", "nearest")
        return any(self.data.get(name) for name in names) or bool(self.errors)

    def clean_page(self) -> int:
        value = self.cleaned_data["page"]
        return min(int(value), 1000) if value.isdigit() and int(value) > 0 else 1

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean_lat(self):
        lat = self.cleaned_data["lat"]
        return None if lat is None else round(lat, 3)  # ~100 m: enough, and kinder to privacy

    def clean_lon(self):
        lon = self.cleaned_data["lon"]
        return None if lon is None else round(lon, 3)

    def clean(self):
        data = super().clean()
        place = (data.get("place") or "").strip()
        data["municipality"] = data["postal_code"] = data["near"] = None
        data["near_label"] = ""
        if place.isdigit() and len(place) == 5:
            data["postal_code"] = place
        elif place:
            data["municipality"] = search.resolve_municipality(place)
            if data["municipality"] is None:
                self.add_error("place", _("We do not know a municipality called “%s”.") % place)
        if data.get("lat") is not None and data.get("lon") is not None:
            data["near"] = (data["lat"], data["lon"])
            data["near_label"] = _("your location")
            data["nearest"] = True
        elif data.get("nearest"):
            self._resolve_near(data, place)
        return data

    def _resolve_near(self, data, place):
        if data["postal_code"]:
            data["near"] = search.point_for_postal_code(data["postal_code"])
            if data["near"] is None:
                self.add_error("place", _("We do not know where postal code %s is.") % place)
                return
            data["near_label"] = _("postal code %s") % data["postal_code"]
            # Nearest to the postal code, anywhere: not only inside that postal area.
            data["postal_code"] = None
        elif data["municipality"]:
            data["near"] = search.point_for_municipality(data["municipality"])
            name = search.municipality_name(data["municipality"])
            data["near_label"] = _("the centre of %s") % name
        elif not self.has_error("place"):
            self.add_error(
                "nearest", _("To sort by distance, give a postal code or use your location.")
            )

    def search_kwargs(self) -> dict:
        """Keyword arguments for search.search_sites() from a valid form."""
        data = self.cleaned_data
        return {
            "q": data["q"],
            "municipality": data["municipality"],
            "postal_code": data["postal_code"],
            "target_group": data["target_group"] or None,
            "language": data["language"] or None,
            "kind": data["kind"] or None,
            "low_threshold": data["low_threshold"] or None,
            "open_now": data["open_now"],
            "near": data["near"],
            "page": data["page"] or 1,
        }

    def canonical_query(self) -> str:
        """The search as a normalised query string without the page (page links, cache keys)."""
        data = self.cleaned_data
        pairs = []
        for name in self.PARAMS:
            value = data.get(name)
            if name == "q":
                value = (value or "").casefold()
            if value in (None, "", False):
                continue
            pairs.append((name, "1" if value is True else str(value)))
        return urlencode(pairs)


# --- Site editor ----------------------------------------------------------------------------


class SiteForm(forms.ModelForm):
    """A site with its address, accessibility, languages and target groups (fi/sv/en texts)."""

    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.none(), required=True
    )
    url = forms.URLField(label=_("Web address"), required=False, assume_scheme="https")

    class Meta:
        model = Site
        fields = [
            "name_fi", "name_sv", "name_en", "kind", "low_threshold",
            "description_fi", "description_sv", "description_en",
            "street_address_fi", "street_address_sv", "street_address_en", "postal_code",
            "latitude", "longitude",
            "transportation_fi", "transportation_sv", "transportation_en",
            "step_free_access", "accessible_toilet", "induction_loop", "accessible_parking",
            "accessibility_notes_fi", "accessibility_notes_sv", "accessibility_notes_en",
            "languages", "target_groups", "url", "email", "phone", "is_published",
        ]  # fmt: skip
        labels = {
            "name_fi": _("Name in Finnish"),
            "name_sv": _("Name in Swedish"),
            "name_en": _("Name in English"),
            "description_fi": _("Description in Finnish"),
            "description_sv": _("Description in Swedish"),
            "description_en": _("Description in English"),
            "street_address_fi": _("Street address in Finnish"),
            "street_address_sv": _("Street address in Swedish"),
            "street_address_en": _("Street address in English"),
            "transportation_fi": _("How to get there, in Finnish"),
            "transportation_sv": _("How to get there, in Swedish"),
            "transportation_en": _("How to get there, in English"),
            "accessibility_notes_fi": _("Other accessibility information, in Finnish"),
            "accessibility_notes_sv": _("Other accessibility information, in Swedish"),
            "accessibility_notes_en": _("Other accessibility information, in English"),
            "latitude": _("Latitude (WGS84, e.g. 61.1766)"),
            "longitude": _("Longitude (WGS84, e.g. 22.6995)"),
            "phone": _("Public phone of the place"),
            "email": _("Public e-mail of the place"),
            "is_published": _("Show in the public directory"),
            "languages": _("Languages"),
            "target_groups": _("Target groups"),
        }
        widgets = {
            "languages": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "description_fi": forms.Textarea(attrs={"rows": 3}),
            "description_sv": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "transportation_fi": forms.Textarea(attrs={"rows": 2}),
            "transportation_sv": forms.Textarea(attrs={"rows": 2}),
            "transportation_en": forms.Textarea(attrs={"rows": 2}),
            "accessibility_notes_fi": forms.Textarea(attrs={"rows": 2}),
            "accessibility_notes_sv": forms.Textarea(attrs={"rows": 2}),
            "accessibility_notes_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organizations=None, allowed_municipalities=None, **kwargs):
        """`organizations`: choices for a new site (None: editing, no choice).
        `allowed_municipalities`: codes the site may be in (None: anywhere)."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.allowed_municipalities = allowed_municipalities
        if organizations is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations
        self.fields["name_fi"].required = True
        self.fields["target_groups"].queryset = TaxonomyTerm.objects.filter(
            taxonomy=TaxonomyTerm.Taxonomy.TARGET_GROUP
        )
        for name in ("latitude", "longitude"):
            self.fields[name].widget = forms.NumberInput(attrs={"step": "any"})

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"].strip()
        if code and not (code.isdigit() and len(code) == 5):
            raise forms.ValidationError(_("A postal code has five digits."))
        if code and not PostalCode.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Unknown postal code."))
        return code

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        try:
            number = phonenumbers.parse(phone, "FI")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(_("Enter a valid phone number."))
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            self.add_error("longitude" if lon is None else "latitude", _("Give both or neither."))
        elif lat is not None and not (59 <= lat <= 71 and 19 <= lon <= 32):
            self.add_error("latitude", _("The coordinates are not in Finland."))
        code, municipality = data.get("postal_code"), None
        if code:
            postal = PostalCode.objects.select_related("municipality").get(code=code)
            municipality = postal.municipality
            data["city"] = postal.name_fi.title()
        elif "postal_code" not in self.errors and data.get("kind") != Site.Kind.ONLINE:
            self.add_error("postal_code", _("Give the postal code of the place."))
        data["municipality"] = municipality
        allowed = self.allowed_municipalities
        outside = allowed is not None and (municipality is None or municipality.code not in allowed)
        if outside and "postal_code" not in self.errors:
            self.add_error(
                "postal_code", _("You can only add places in the municipalities you coordinate.")
            )
        return data


class _NoSuffix:
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class OpeningRuleForm(_NoSuffix, forms.ModelForm):
    byday = forms.MultipleChoiceField(
        label=_("Weekdays"),
        choices=[
            ("MO", _("Monday")),
            ("TU", _("Tuesday")),
            ("WE", _("Wednesday")),
            ("TH", _("Thursday")),
            ("FR", _("Friday")),
            ("SA", _("Saturday")),
            ("SU", _("Sunday")),
        ],  # fmt: skip
        widget=forms.CheckboxSelectMultiple,
    )
    # One select for how the weekdays repeat; stored as the rule's pattern and interval.
    repeats = forms.ChoiceField(
        label=_("How often"),
        choices=[
            ("weekly", _("every week")),
            ("every_2_weeks", _("every other week")),
            ("every_3_weeks", _("every third week")),
            ("every_4_weeks", _("every fourth week")),
            ("monthly_nth", _("nth weekday of the month")),
            ("even_weeks", _("even weeks")),
            ("odd_weeks", _("odd weeks")),
        ],  # fmt: skip
        initial="weekly",
        required=False,  # not given: every week
        help_text=_("Even and odd weeks are ISO week numbers, as in Finnish calendars."),
    )
    nth = forms.TypedChoiceField(
        label=_("which one in the month"),
        coerce=int,
        choices=[
            (1, _("first")),
            (2, _("second")),
            (3, _("third")),
            (4, _("fourth")),
            (-1, _("last")),
        ],  # fmt: skip
        initial=1,
        required=False,
        empty_value=1,
        help_text=_("Only for “nth weekday of the month”, e.g. the first Thursday."),
    )

    class Meta:
        model = OpeningRule
        fields = ["byday", "opens_at", "closes_at", "nth", "valid_from", "valid_to",
                  "description_fi", "description_sv", "description_en"]  # fmt: skip
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"closes_at": _("A closing time before the opening time means the next day.")}
        labels = {
            "description_fi": _("Note in Finnish"),
            "description_sv": _("Note in Swedish"),
            "description_en": _("Note in English"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.byday:
            self.initial["byday"] = [d.strip().upper() for d in self.instance.byday.split(",")]
        if self.instance.pk:
            self.initial["repeats"] = repeats = _repeats_of(self.instance)
            if repeats not in dict(self.fields["repeats"].choices):  # e.g. imported: 6 weeks
                label = _("every %(weeks)s weeks") % {"weeks": self.instance.interval}
                self.fields["repeats"].choices = [*self.fields["repeats"].choices, (repeats, label)]

    def clean_byday(self):
        chosen = set(self.cleaned_data["byday"])
        return ",".join(day for day in WEEKDAYS if day in chosen)

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end date is before the start date."))
        repeats = data.get("repeats") or "weekly"
        if repeats.startswith("every_"):
            data["pattern"], data["interval"] = rec.WEEKLY, int(repeats.split("_")[1])
            if data["interval"] == 2:
                data["pattern"] = rec.EVERY_2_WEEKS
        else:
            data["pattern"], data["interval"] = repeats, 1
        if data["pattern"] != rec.MONTHLY_NTH:
            data["nth"] = 1
        if data["interval"] > 1 and not start:
            self.add_error("valid_from", _("Give the first date: weeks are counted from it."))
        return data

    def save(self, commit=True):
        self.instance.pattern = self.cleaned_data["pattern"]
        self.instance.interval = self.cleaned_data["interval"]
        return super().save(commit)


def _repeats_of(rule) -> str:
    """The choice of the "How often" select that is the rule's pattern and interval."""
    if rule.pattern == rec.WEEKLY and rule.interval > 1:
        return f"every_{rule.interval}_weeks"
    return rule.pattern


class OpeningExceptionForm(_NoSuffix, forms.ModelForm):
    class Meta:
        model = OpeningException
        fields = [
            "date", "closed", "opens_at", "closes_at",
            "description_fi", "description_sv", "description_en",
        ]  # fmt: skip
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        labels = {
            "description_fi": _("Note in Finnish"),
            "description_sv": _("Note in Swedish"),
            "description_en": _("Note in English"),
        }

    def clean(self):
        data = super().clean()
        has_times = data.get("opens_at") is not None and data.get("closes_at") is not None
        if data.get("closed"):
            data["opens_at"] = data["closes_at"] = None
        elif not has_times:
            self.add_error("opens_at", _("Give the opening hours, or mark the day closed."))
        return data


OpeningRuleFormSet = inlineformset_factory(
    Site, OpeningRule, form=OpeningRuleForm, extra=2, can_delete=True, max_num=30
)
OpeningExceptionFormSet = inlineformset_factory(
    Site, OpeningException, form=OpeningExceptionForm, extra=2, can_delete=True, max_num=100
)


class ServiceForm(forms.ModelForm):
    """A service's names and descriptions (fi/sv/en), target groups and PTV service classes:
    what publishing it in PTV needs (ptv/export.py)."""

    ptv_service_classes = forms.MultipleChoiceField(
        label=_("PTV service classes"),
        help_text=_("PTV requires at least one to publish the service on Suomi.fi."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Service
        fields = [
            "name_fi", "name_sv", "name_en",
            "description_fi", "description_sv", "description_en",
            "target_groups", "ptv_service_classes",
        ]  # fmt: skip
        labels = {
            "name_fi": _("Name in Finnish"),
            "name_sv": _("Name in Swedish"),
            "name_en": _("Name in English"),
            "description_fi": _("Description in Finnish"),
            "description_sv": _("Description in Swedish"),
            "description_en": _("Description in English"),
            "target_groups": _("Target groups"),
        }
        widgets = {
            "target_groups": forms.CheckboxSelectMultiple,
            "description_fi": forms.Textarea(attrs={"rows": 3}),
            "description_sv": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        from .ptv import classes

        super().__init__(*args, **kwargs)
        field = self.fields["ptv_service_classes"]
        field.choices = classes.choices(self.instance.ptv_service_classes or [])
        field.initial = list(self.instance.ptv_service_classes or [])
