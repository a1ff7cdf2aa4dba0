"""Outreach: units (a bus, a team), programmes, visit series at directory sites, their dated
visits, bookings inside a visit, anonymous contact tallies and cancellation subscribers."""

import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.models import Municipality
from turvaverkko.directory import recurrence as rec
from turvaverkko.directory.models import OpeningRule, Service, Site
from turvaverkko.registry.models import Language, Organization

HELSINKI = ZoneInfo("Europe/Helsinki")


class Unit(models.Model):
    """A vehicle or a team that travels to the stops; its working day bounds a day's route."""

    name = models.CharField(_("name"), max_length=200)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="outreach_units",
        verbose_name=_("organisation"),
    )  # fmt: skip
    day_starts_at = models.TimeField(_("working day starts"), default="08:00")
    day_ends_at = models.TimeField(_("working day ends"), default="16:00")
    break_minutes = models.PositiveSmallIntegerField(_("driver's break (minutes)"), default=30)
    depot_latitude = models.FloatField(_("depot latitude"), null=True, blank=True)
    depot_longitude = models.FloatField(_("depot longitude"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("outreach unit")
        verbose_name_plural = _("outreach units")

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A timetable of visits run by one organisation, e.g. "Järjestöt on the Road"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="outreach_programmes",
        verbose_name=_("organisation"),
    )  # fmt: skip
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="programmes",
        verbose_name=_("unit"),
    )  # fmt: skip
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="outreach_programmes",
        verbose_name=_("municipalities"),
    )  # fmt: skip
    # Visits held on Finnish public holidays are left out of the timetable.
    skip_public_holidays = models.BooleanField(_("no visits on public holidays"), default=True)
    # A stop with fewer contacts per visit-hour than this is flagged "change mode".
    reach_threshold = models.FloatField(_("contacts per visit-hour, at least"), default=1.0)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("outreach programme")
        verbose_name_plural = _("outreach programmes")

    def __str__(self) -> str:
        return self.name


class BreakPeriod(models.Model):
    """Dates without visits: a school holiday, the summer break (both dates inclusive)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="breaks")
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("break")
        verbose_name_plural = _("breaks")

    def __str__(self) -> str:
        return f"{self.name} {self.starts_on}–{self.ends_on}"


class VisitSeries(models.Model):
    """Visits at one site on a recurrence, e.g. Laitila market square, torstai 1, 10–14."""

    # The directory's one recurrence vocabulary (directory/recurrence.py), not a copy
    Pattern = OpeningRule.Pattern

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="series", verbose_name=_("programme")
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="visit_series", verbose_name=_("stop")
    )
    pattern = models.CharField(_("repeats"), max_length=20, choices=Pattern.choices)
    weekday = models.PositiveSmallIntegerField(_("weekday"))  # 0 = Monday
    nth = models.SmallIntegerField(_("which one in the month"), default=1)  # -1 = last
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    arrives_at = models.TimeField(_("arrives"))
    departs_at = models.TimeField(_("departs"))
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="outreach_visits",
        verbose_name=_("associations on board"),
    )  # fmt: skip
    services = models.ManyToManyField(
        Service, blank=True, related_name="outreach_visits", verbose_name=_("services")
    )
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("languages"))
    staff_count = models.PositiveSmallIntegerField(_("staff"), default=2)
    # Appointments: 0 minutes = no booking in this series.
    appointment_minutes = models.PositiveSmallIntegerField(_("appointment length"), default=0)
    buffer_minutes = models.PositiveSmallIntegerField(_("buffer between appointments"), default=0)
    remote_url = models.URLField(_("video link"), blank=True)
    # iCalendar SEQUENCE of the series: bumped on every change of its timetable.
    sequence = models.PositiveIntegerField(default=0)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "weekday", "arrives_at"]
        verbose_name = _("visit series")
        verbose_name_plural = _("visit series")

    def __str__(self) -> str:
        return f"{self.programme}: {self.site}"

    @property
    def recurrence(self) -> rec.Recurrence:
        return rec.Recurrence(self.pattern, self.weekday, self.starts_on, self.nth, self.ends_on)

    @property
    def pattern_words(self) -> str:
        """How often, in the active language, as the site's opening hours say it
        ("first Thursday of the month", "Mondays of even weeks")."""
        return rec.describe(self.recurrence)


class Visit(models.Model):
    """One dated visit of a series (materialised 12 months ahead). `date` is the date the
    series gave (the iCalendar RECURRENCE-ID); a moved visit keeps it and changes its times."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        CANCELLED = "cancelled", _("cancelled")

    series = models.ForeignKey(VisitSeries, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("date"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    moved = models.BooleanField(default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    # Counts of the visit's bookings, kept when the bookings themselves are deleted 30 days
    # after the visit, so reach covers 12 months (actions.recount_bookings).
    booked_count = models.PositiveSmallIntegerField(default=0)
    no_show_count = models.PositiveSmallIntegerField(default=0)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.UniqueConstraint(fields=["series", "date"], name="one_visit_per_series_date")
        ]

    def __str__(self) -> str:
        return f"{self.series.site} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at) / timedelta(hours=1)


class Booking(models.Model):
    """An appointment in a visit: a name or nickname and one contact, nothing else; deleted
    30 days after the visit (tasks.purge_bookings)."""

    class Mode(models.TextChoices):
        AT_STOP = "at_stop", _("at the stop")
        VIDEO = "video", _("by video")
        PHONE = "phone", _("by phone")

    class Status(models.TextChoices):
        BOOKED = "booked", _("booked")
        CANCELLED = "cancelled", _("cancelled")
        NO_SHOW = "no_show", _("did not come")
        MET = "met", _("met")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="bookings")
    starts_at = models.DateTimeField(_("time"))
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices)
    name = models.CharField(_("name or nickname"), max_length=60)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(max_length=5, default="fi")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    token = models.CharField(max_length=43, unique=True)
    reminded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "starts_at"],
                condition=models.Q(status="booked"),
                name="one_booking_per_slot",
            ),
            models.CheckConstraint(
                name="booking_has_one_contact",
                condition=~models.Q(phone="") | ~models.Q(email=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visit} {self.starts_at:%H:%M}"


class Subscriber(models.Model):
    """Someone told of cancellations of a programme's visits (SMS or e-mail), no account."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="subscribers")
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.CASCADE)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=5, default="fi")
    token = models.CharField(max_length=43, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.programme} ({self.site or '-'})"


class Tally(models.Model):
    """One contact, counted anonymously: a few taps, no free text. `id` is made on the device,
    so a tally queued offline and sent twice is stored once."""

    class Channel(models.TextChoices):
        WALK_IN = "walk_in", _("walk-in")
        BOOKED = "booked", _("booked")
        REMOTE = "remote", _("remote")

    class Topic(models.TextChoices):
        GUIDANCE = "guidance", _("service guidance")
        COUNSELLING = "counselling", _("counselling")
        PEER = "peer", _("peer support")
        OTHER = "other", _("other")

    class AgeBand(models.TextChoices):
        CHILD = "0-17", _("under 18")
        YOUNG = "18-29", _("18–29")
        ADULT = "30-64", _("30–64")
        SENIOR = "65+", _("65 or over")
        UNKNOWN = "", _("not asked")

    id = models.UUIDField(primary_key=True)
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="tallies")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    topic = models.CharField(max_length=15, choices=Topic.choices)
    age_band = models.CharField(max_length=5, choices=AgeBand.choices, blank=True)
    language = models.CharField(max_length=5, blank=True)  # fi / sv / en / other
    referral = models.BooleanField(default=False)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact tally")
        verbose_name_plural = _("contact tallies")

    def __str__(self) -> str:
        return f"{self.visit_id} {self.channel} {self.topic}"
