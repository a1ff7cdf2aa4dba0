"""Incidents, their activations, the people and organisations alerted, and their replies."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.models import ContactPerson, Organization
from turvaverkko.volunteers.models import Volunteer


class Incident(models.Model):
    class Type(models.TextChoices):
        # the same values as preparedness' scenario kinds, plus fire
        POWER_OUTAGE = "power_outage", _("long power outage")
        STORM = "storm", _("storm")
        FLOOD = "flood", _("flood")
        FIRE = "fire", _("fire")
        EVACUATION = "evacuation", _("evacuation")
        WATER_CONTAMINATION = "water_contamination", _("water contamination")
        PANDEMIC = "pandemic", _("pandemic")
        HEAT_WAVE = "heat_wave", _("heat wave")
        SEVERE_COLD = "severe_cold", _("severe cold")
        TELECOM = "telecom", _("telecom or cyber disruption")
        MASS_CASUALTY = "mass_casualty", _("mass casualty incident")
        MISSING_PERSON = "missing_person", _("search for a missing person")
        OTHER = "other", _("other")

    class Severity(models.TextChoices):
        MINOR = "minor", _("minor")
        MODERATE = "moderate", _("moderate")
        SEVERE = "severe", _("severe")
        EXTREME = "extreme", _("extreme")

    class Status(models.TextChoices):
        # Contexts: Swedish inflects by gender ("händelsen är stängd", "det är stängt").
        OPEN = "open", pgettext_lazy("incident status", "open")
        ACTIVE = "active", pgettext_lazy("incident status", "active")
        STANDING_DOWN = "standing_down", pgettext_lazy("incident status", "standing down")
        CLOSED = "closed", pgettext_lazy("incident status", "closed")

    title = models.CharField(_("title"), max_length=200)
    type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MODERATE
    )
    description = models.TextField(_("description"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="incidents", verbose_name=_("municipalities")
    )
    polygon_geojson = models.TextField(_("area (GeoJSON polygon)"), blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead"),
    )
    is_exercise = models.BooleanField(_("exercise"), default=False)
    # The readiness plan scenario the incident was opened from (alerting/scenarios.py).
    plan_scenario = models.ForeignKey(
        "preparedness.PlanScenario",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
        verbose_name=_("readiness plan scenario"),
    )
    # The FMI warning the incident was opened for: that warning is no longer suggested.
    cap_alert = models.ForeignKey(
        "cap.CapAlert",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("weather warning"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    stood_down_at = models.DateTimeField(_("stood down at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self):
        return self.title

    @property
    def is_live(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.ACTIVE, self.Status.STANDING_DOWN)


class Activation(models.Model):
    """One call-out of an incident: who was alerted, with what message and reply code."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="activations")
    code = models.PositiveIntegerField(_("reply code"), unique=True)
    message = models.TextField(_("message"))
    # The same message in Swedish and English for recipients who read those; empty: Finnish.
    message_sv = models.TextField(_("message in Swedish"), blank=True)
    message_en = models.TextField(_("message in English"), blank=True)
    reply_timeout_minutes = models.PositiveSmallIntegerField(
        _("minutes before the deputy is alerted"), default=10
    )
    is_exercise = models.BooleanField(_("exercise"), default=False)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    # Each SMS reply is answered with a receipt (replies/receipts.py) unless turned off.
    send_receipts = models.BooleanField(
        _("answer every text message reply with a receipt"), default=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("activation")
        verbose_name_plural = _("activations")

    def __str__(self):
        return f"{self.incident} #{self.code}"

    @property
    def dispatch_key(self) -> str:
        return f"incident-activation:{self.pk}"

    def text_for(self, language: str) -> str:
        """The message in the recipient's language, the Finnish one when not written."""
        return {"sv": self.message_sv, "en": self.message_en}.get(language, "") or self.message


class Recipient(models.Model):
    """A person alerted in an activation, with their current answer and status."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("organisation contact")
        VOLUNTEER = "volunteer", _("volunteer")

    class Answer(models.TextChoices):
        NONE = "", _("no answer")
        YES = "yes", _("coming")
        LATE = "late", _("coming late")
        NO = "no", _("not coming")

    class OrgStatus(models.TextChoices):
        ALERTED = "alerted", _("alerted")
        STANDING_BY = "standing_by", _("standing by")
        ACTIVE = "active", _("active")
        DEACTIVATED = "deactivated", _("deactivated")
        UNABLE = "unable", _("unable")

    class PersonStatus(models.TextChoices):
        REQUESTED = "requested", _("requested")
        ACCEPTED = "accepted", _("accepted")
        EN_ROUTE = "en_route", _("en route")
        ON_SITE = "on_site", _("on site")
        RELEASED = "released", _("released")

    activation = models.ForeignKey(Activation, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    contact = models.ForeignKey(
        ContactPerson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    volunteer = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(max_length=2, default="fi")
    distance_km = models.FloatField(null=True, blank=True)
    alerted_at = models.DateTimeField(default=timezone.now)
    escalated_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    # The contact chain this recipient was reached through (contact ids in order), when a
    # plan role sets its own order; empty means the organisation's own chain.
    chain = models.JSONField(default=list, blank=True)
    answer = models.CharField(max_length=5, choices=Answer.choices, blank=True, default="")
    eta_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    org_status = models.CharField(
        _("organisation status"), max_length=20, choices=OrgStatus.choices, blank=True
    )
    person_status = models.CharField(
        _("status"),
        max_length=20,
        choices=PersonStatus.choices,
        default=PersonStatus.REQUESTED,
    )

    class Meta:
        ordering = ["activation", "distance_km", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activation", "contact"],
                condition=models.Q(contact__isnull=False),
                name="incidents_recipient_one_per_contact",
            ),
            models.UniqueConstraint(
                fields=["activation", "volunteer"],
                condition=models.Q(volunteer__isnull=False),
                name="incidents_recipient_one_per_volunteer",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def recipient_key(self) -> str:
        return f"incident-recipient:{self.pk}"

    def skills(self):
        if self.volunteer_id:
            return list(self.volunteer.skills.all())
        return []


class Reply(models.Model):
    """Every raw reply as received (kept even when unclear or replaced by a later one).

    An unclear one waits in the incident's incoming messages panel until a coordinator
    counts it for a recipient, links it to a person or dismisses it (replies/handling.py);
    the resolution stays in the record (who, when, how)."""

    class Source(models.TextChoices):
        SMS = "sms", _("text message")
        LINK = "link", _("link")

    class Resolution(models.TextChoices):
        NONE = "", _("waiting")
        COUNTED = "counted", _("counted as an answer")
        LINKED = "linked", _("linked to a person")
        DISMISSED = "dismissed", _("dismissed")

    activation = models.ForeignKey(
        Activation, null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    recipient = models.ForeignKey(
        Recipient, null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    source = models.CharField(max_length=5, choices=Source.choices)
    message_id = models.CharField(max_length=200, null=True, blank=True, unique=True)
    sender = models.CharField(max_length=40, blank=True)
    text = models.TextField(blank=True)
    answer = models.CharField(max_length=5, choices=Recipient.Answer.choices, blank=True)
    eta_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    is_unclear = models.BooleanField(default=False)
    handled_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    # The message as notify stored it (the gateway's inbound webhook).
    inbound = models.ForeignKey(
        "notify.InboundMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A reply without a code from a number alerted in several live activations: the ones it
    # could belong to.
    candidate_activations = models.ManyToManyField(
        Activation, blank=True, related_name="possible_replies"
    )
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True, default="")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.sender}: {self.text}"


class AccessLog(models.Model):
    """Who looked at an incident's contact list, and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="access_logs")
    what = models.CharField(max_length=100)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.what}"


class SituationEntry(models.Model):
    """Situation log (tilannekuva): a timestamped entry by a coordinator or an association."""

    class Severity(models.TextChoices):
        INFO = "info", _("information")
        WARNING = "warning", _("warning")
        CRITICAL = "critical", _("critical")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="log_entries")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.INFO
    )
    text = models.TextField(_("text"))
    # Entries of the system's own (incidents/log.py): shown in the reader's language
    # (log.entry_text, the |entry_text template filter).
    event = models.CharField(max_length=30, blank=True)
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text[:80]


class HelpRequest(models.Model):
    """A need during an incident: a skill, a number of people, a place and a time."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("help request status", "open")
        FILLED = "filled", _("filled")
        CLOSED = "closed", pgettext_lazy("help request status", "closed")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="help_requests")
    skill = models.ForeignKey(
        "registry.TaxonomyTerm",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("skill"),
        limit_choices_to={"taxonomy": "skill"},
    )
    people_needed = models.PositiveSmallIntegerField(_("people needed"), default=1)
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    text = models.TextField(_("what is needed"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.text[:80]


class HelpAssignment(models.Model):
    """A volunteer or an offer of help asked to fill a help request."""

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        ASSIGNED = "assigned", _("assigned")

    help_request = models.ForeignKey(
        HelpRequest, on_delete=models.CASCADE, related_name="assignments"
    )
    volunteer = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    help_offer = models.ForeignKey(
        "volunteers.HelpOffer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    responded_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["help_request", "volunteer"],
                condition=models.Q(volunteer__isnull=False),
                name="incidents_help_one_per_volunteer",
            ),
            models.UniqueConstraint(
                fields=["help_request", "help_offer"],
                condition=models.Q(help_offer__isnull=False),
                name="incidents_help_one_per_offer",
            ),
        ]

    def __str__(self):
        return f"{self.help_request}: {self.get_status_display()}"

    @property
    def name(self) -> str:
        if self.volunteer_id:
            return self.volunteer.name
        return self.help_offer.name if self.help_offer_id else ""
