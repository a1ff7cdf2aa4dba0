"""Partnership tables (kumppanuuspöydät): seats, memberships, open calls, meetings, agendas,
memos, decisions and nominations. Action items are preparedness' generic `ActionItem` whose
source is an agenda item (see docs/partnership.md)."""

import secrets
from datetime import timedelta

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from turvaverkko.areas.models import Municipality, WellbeingCounty
from turvaverkko.preparedness.models import ActionItem
from turvaverkko.registry.models import ContactPerson, Network, Organization, TaxonomyTerm


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Localised:
    """`text("title")` gives title_fi/title_sv/title_en in the active language, Finnish the
    fallback."""

    def text(self, field: str) -> str:
        lang = (get_language() or "fi")[:2]
        value: str = getattr(self, f"{field}_{lang}", "") or ""
        return value or str(getattr(self, f"{field}_fi", ""))


class PartnershipTable(Localised, models.Model):
    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", _("partnership table")
        THEME = "theme", _("theme table")
        ADVISORY = "advisory", _("advisory board")
        NETWORK = "network", _("network meeting")

    name_fi = models.CharField(_("name (fi)"), max_length=200)
    name_sv = models.CharField(_("name (sv)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (en)"), max_length=200, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.PARTNERSHIP
    )
    county = models.ForeignKey(
        WellbeingCounty,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wellbeing services county"),
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("municipalities")
    )
    themes = models.ManyToManyField(
        TaxonomyTerm, blank=True, related_name="+", verbose_name=_("themes")
    )
    networks = models.ManyToManyField(
        Network, blank=True, related_name="partnership_tables", verbose_name=_("networks")
    )
    purpose_fi = models.TextField(_("purpose (fi)"), blank=True)
    purpose_sv = models.TextField(_("purpose (sv)"), blank=True)
    purpose_en = models.TextField(_("purpose (en)"), blank=True)
    is_public = models.BooleanField(_("public page"), default=True)
    feed_token = models.CharField(max_length=40, default=_new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("partnership table")
        verbose_name_plural = _("partnership tables")

    def __str__(self) -> str:
        return self.text("name")

    @property
    def purpose(self) -> str:
        return self.text("purpose")

    def municipality_codes(self) -> set[str]:
        codes = set(self.municipalities.values_list("code", flat=True))
        if self.county_id:
            codes |= set(
                Municipality.objects.filter(county=self.county_id).values_list("code", flat=True)
            )
        return codes

    @property
    def is_bilingual(self) -> bool:
        """Any municipality of the table (or of its county) bilingual: Language Act § 32."""
        bilingual = [Municipality.Language.BILINGUAL_FI, Municipality.Language.BILINGUAL_SV]
        return Municipality.objects.filter(
            code__in=self.municipality_codes(), language__in=bilingual
        ).exists()


class Seat(Localised, models.Model):
    """A place at the table, independent of who holds it."""

    table = models.ForeignKey(PartnershipTable, on_delete=models.CASCADE, related_name="seats")
    label_fi = models.CharField(_("label (fi)"), max_length=200)
    label_sv = models.CharField(_("label (sv)"), max_length=200, blank=True)
    theme = models.ForeignKey(
        TaxonomyTerm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("theme"),
    )
    eligible_categories = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="+",
        verbose_name=_("eligible association categories"),
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    has_deputy = models.BooleanField(_("deputy slot"), default=True)

    class Meta:
        ordering = ["table", "pk"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")

    def __str__(self) -> str:
        return self.text("label")


class Membership(models.Model):
    """A contact person on behalf of an organisation, in a seat; ended rows are the history."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        SECRETARY = "secretary", _("secretary")
        MEMBER = "member", _("member")
        DEPUTY = "deputy", _("deputy")

    table = models.ForeignKey(
        PartnershipTable, on_delete=models.CASCADE, related_name="memberships"
    )
    seat = models.ForeignKey(
        Seat,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("seat"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    contact = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    person_name = models.CharField(_("person"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    voting = models.BooleanField(_("voting right"), default=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    deputy_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputies",
        verbose_name=_("deputy of"),
    )
    term_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["table", "end", "role", "person_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.person_name} ({self.organization})"


class OpenCall(models.Model):
    table = models.ForeignKey(PartnershipTable, on_delete=models.CASCADE, related_name="calls")
    seats = models.ManyToManyField(Seat, related_name="calls", verbose_name=_("seats"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    deadline = models.DateField(_("deadline"))

    class Meta:
        ordering = ["-deadline"]
        verbose_name = _("open call")
        verbose_name_plural = _("open calls")

    def __str__(self) -> str:
        return self.title


class Application(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        CHOSEN = "chosen", _("chosen")
        NOT_CHOSEN = "not_chosen", _("not chosen")

    call = models.ForeignKey(OpenCall, on_delete=models.CASCADE, related_name="applications")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="applications")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    person_name = models.CharField(_("representative"), max_length=200)
    email = models.EmailField(_("e-mail"))
    motivation = models.TextField(_("why this association"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decision = models.ForeignKey(
        "AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seat", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["call", "seat", "organization"], name="apply_once")
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.seat}"


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")


class MeetingSeries(models.Model):
    """Meetings by an RFC 5545 recurrence rule; its occurrences are `Meeting` rows."""

    table = models.ForeignKey(PartnershipTable, on_delete=models.CASCADE, related_name="series")
    first_start = models.DateTimeField(_("first meeting starts"))
    rrule = models.CharField(
        _("recurrence rule"), max_length=200, help_text=_("e.g. FREQ=MONTHLY;INTERVAL=2;COUNT=6")
    )
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=90)
    mode = models.CharField(_("how"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)

    def __str__(self) -> str:
        return f"{self.table}: {self.rrule}"


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    class MemoStatus(models.TextChoices):
        DRAFT = "draft", _("draft")
        CHECKED = "checked", _("checked")
        PUBLIC = "public", _("public")

    table = models.ForeignKey(PartnershipTable, on_delete=models.CASCADE, related_name="meetings")
    series = models.ForeignKey(
        MeetingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    # The start the series gave this occurrence (iCalendar RECURRENCE-ID); stays when moved.
    original_start = models.DateTimeField(null=True, blank=True, editable=False)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=90)
    mode = models.CharField(_("how"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    uid = models.CharField(max_length=80, default=_new_token, editable=False, unique=True)
    memo_status = models.CharField(
        max_length=20, choices=MemoStatus.choices, default=MemoStatus.DRAFT
    )
    memo_fi = models.TextField(_("memo (fi)"), blank=True)
    memo_sv = models.TextField(_("memo (sv)"), blank=True)
    memo_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    modified_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.table} {self.starts_at:%Y-%m-%d}"

    @property
    def ends_at(self):  # type: ignore[no-untyped-def]
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Attendance(models.Model):
    """One organisation's RSVP (by a one-tap link) and presence at one meeting."""

    class Answer(models.TextChoices):
        YES = "yes", _("coming")
        NO = "no", _("not coming")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=5, choices=Answer.choices, blank=True)
    present = models.BooleanField(null=True)
    token = models.CharField(max_length=40, default=_new_token, unique=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organization"], name="attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.meeting}"


class Matter(models.Model):
    """A matter that can span several meetings (its items share it)."""

    table = models.ForeignKey(PartnershipTable, on_delete=models.CASCADE, related_name="matters")
    title = models.CharField(_("matter"), max_length=200)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(Localised, models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("information")
        DISCUSSION = "discussion", _("discussion")
        DECISION = "decision", _("decision")
        EXTERNAL_TALK = "external_talk", _("external talk")

    class Outcome(models.TextChoices):
        INFORMATION = "information", _("information")
        DECISION = "decision", _("decision")
        STATEMENT = "statement", _("statement")
        NOMINATION = "nomination", _("nomination")
        ACTION = "action", _("action")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    matter = models.ForeignKey(
        Matter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("matter"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title_fi = models.CharField(_("title (fi)"), max_length=300)
    title_sv = models.CharField(_("title (sv)"), max_length=300, blank=True)
    proposer = models.CharField(_("proposed by"), max_length=200, blank=True)
    minutes = models.PositiveSmallIntegerField(_("time (minutes)"), default=10)
    confidential = models.BooleanField(_("confidential"), default=False)
    outcome_kind = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True
    )
    outcome_fi = models.TextField(_("outcome (fi)"), blank=True)
    outcome_sv = models.TextField(_("outcome (sv)"), blank=True)
    actions = GenericRelation(
        ActionItem,
        content_type_field="source_type",
        object_id_field="source_id",
        related_query_name="agenda_item",
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.text("title")


class TopicProposal(models.Model):
    """A topic proposed through the public form; the secretary accepts it onto an agenda."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    table = models.ForeignKey(PartnershipTable, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("topic"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    name = models.CharField(_("your name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Nomination(models.Model):
    """A representative the table nominates to an official body (e.g. the hyte board)."""

    table = models.ForeignKey(
        PartnershipTable, on_delete=models.CASCADE, related_name="nominations"
    )
    body = models.CharField(_("official body"), max_length=200)
    nominee = models.CharField(_("nominee"), max_length=200)
    nominee_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nominee's organisation"),
    )
    deputy = models.CharField(_("deputy"), max_length=200, blank=True)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    decided_in = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deciding meeting item"),
    )
    email = models.EmailField(_("nominee's e-mail"), blank=True)
    report_reminded_for = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-term_end", "body"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self) -> str:
        return f"{self.body}: {self.nominee}"


from .indicator_models import (  # noqa: E402 (welfare indicators and negotiations)
    IndicatorYear,
    Negotiation,
    SotkanetValue,
    SurveyAnswer,
    WelfareIndicator,
)
from .welfare_models import (  # noqa: E402 (the welfare agreement models, in their own module)
    AgeGroup,
    Commitment,
    Goal,
    WelfareAgreement,
    WelfareParty,
)

__all__ = [
    "IndicatorYear",
    "Negotiation",
    "SotkanetValue",
    "SurveyAnswer",
    "WelfareIndicator",
    "AgeGroup",
    "Commitment",
    "Goal",
    "WelfareAgreement",
    "WelfareParty",
    "ActionItem",
    "Application",
    "AgendaItem",
    "Attendance",
    "Matter",
    "Meeting",
    "MeetingSeries",
    "Membership",
    "Mode",
    "Nomination",
    "OpenCall",
    "PartnershipTable",
    "Seat",
    "TopicProposal",
]
