"""Volunteers: profiles, skills, availability, channels, consent, and GDPR housekeeping."""

import json

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.models import Language, Organization, TaxonomyTerm


class Volunteer(models.Model):
    class Channel(models.TextChoices):
        SMS = "sms", _("text message")
        EMAIL = "email", _("e-mail")
        PUSH = "push", _("push notification")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer",
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone (E.164)"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(
        _("language for messages"),
        max_length=2,
        choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")],
        default="fi",
    )
    home_municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteers",
        verbose_name=_("home municipality"),
    )
    # Optional approximate location, stored rounded to about 1 km (2 decimals).
    latitude = models.FloatField(_("approximate latitude"), null=True, blank=True)
    longitude = models.FloatField(_("approximate longitude"), null=True, blank=True)
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)
    skills = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="volunteers",
        limit_choices_to={"taxonomy": TaxonomyTerm.Taxonomy.SKILL},
        verbose_name=_("skills"),
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="volunteers", verbose_name=_("languages")
    )
    driving_licence_classes = models.CharField(
        _("driving licence classes"), max_length=30, blank=True, help_text="e.g. B, BE, C"
    )
    interpreting_languages = models.ManyToManyField(
        Language, blank=True, related_name="interpreters", verbose_name=_("interprets")
    )
    channels = models.JSONField(_("preferred channels"), default=list, blank=True)
    do_not_alert_until = models.DateField(_("do not alert until"), null=True, blank=True)
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="volunteers", verbose_name=_("memberships")
    )
    consent_text = models.TextField(_("consent given"), blank=True)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    last_active_at = models.DateTimeField(default=timezone.now)
    inactivity_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    # Memberships (organisations) are tracked too: who joined or left which association.
    history = HistoricalRecords(
        excluded_fields=["last_active_at", "inactivity_reminder_sent_at"],
        m2m_fields=["organizations"],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.latitude is not None and self.longitude is not None:
            from turvaverkko.areas.geo import to_tm35fin

            self.latitude = round(self.latitude, 2)
            self.longitude = round(self.longitude, 2)
            self.easting, self.northing = to_tm35fin(self.latitude, self.longitude)
        else:
            self.easting = self.northing = None
        super().save(*args, **kwargs)

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(self.Channel.choices)
        return [str(labels[c]) for c in self.channels if c in labels]

    def completeness(self) -> int:
        """How much of what alerting uses is filled in, in per cent."""
        checks = [
            bool(self.phone),
            self.email_confirmed_at is not None,
            self.home_municipality_id is not None,
            self.skills.exists(),
            self.languages.exists(),
            self.availability.exists(),
            bool(self.channels),
        ]
        return round(100 * sum(checks) / len(checks))


class PushSubscriptionQuerySet(models.QuerySet):
    def live(self):
        """Subscriptions the push service has not declared gone."""
        return self.filter(failing_since__isnull=True)

    def for_alerts(self, volunteer_id):
        """The one subscription an alert goes to (docs/push.md): the volunteer's live one
        that worked last or, if none has worked yet, was made last."""
        return (
            self.live()
            .filter(volunteer_id=volunteer_id)
            .order_by(Coalesce("last_success_at", "created_at").desc(), "-pk")
            .first()
        )


class PushSubscription(models.Model):
    """One browser on one device that receives the volunteer's alerts by Web Push.

    The endpoint is the push service's URL for that browser; p256dh and auth are the
    browser's keys that the payload is encrypted to (RFC 8291). All three come from the
    browser's PushSubscription; the endpoint is unique because a browser makes a new one
    for each subscription.
    """

    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
        verbose_name=_("volunteer"),
    )
    endpoint = models.URLField(_("endpoint"), max_length=1000, unique=True)
    # base64url: 65 bytes (an uncompressed P-256 point) are 87 characters, 16 bytes 22.
    p256dh = models.CharField(_("browser's public key"), max_length=100)
    auth = models.CharField(_("authentication secret"), max_length=50)
    # "Firefox – Android" (push.browser_name): enough for the volunteer to tell their devices apart.
    user_agent = models.CharField(_("browser"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_success_at = models.DateTimeField(_("last worked at"), null=True, blank=True)
    # Set when the push service answered 404/410; such a subscription is never used again.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)

    objects = PushSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["volunteer", "-created_at"]
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")

    def __str__(self):
        return f"{self.volunteer_id}: {self.user_agent or self.endpoint[:40]}"

    def as_address(self) -> str:
        """The subscription as the JSON the push transport takes as a delivery's address."""
        return json.dumps(
            {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
        )


class AvailabilitySlot(models.Model):
    """A weekly window when the volunteer can usually help (local time)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    class Meta:
        ordering = ["volunteer", "weekday", "start"]
        verbose_name = _("availability")
        verbose_name_plural = _("availability")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class AlertGroup(models.Model):
    """A named group of volunteers to alert together, e.g. 'Huittinen psychosocial team'."""

    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="alert_groups"
    )
    members = models.ManyToManyField(Volunteer, blank=True, related_name="alert_groups")

    history = HistoricalRecords(m2m_fields=["members"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("alert group")
        verbose_name_plural = _("alert groups")

    def __str__(self):
        return self.name


class HelpOffer(models.Model):
    """A spontaneous offer of help, with no obligation and no account needed."""

    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    skills = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="+")
    message = models.TextField(_("what you can offer"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("offer of help")
        verbose_name_plural = _("offers of help")

    def __str__(self):
        return self.name
