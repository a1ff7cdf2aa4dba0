"""FMI CAP 1.2 warnings as read, and the state of the feed they are read from.

Until 2026-12 these were incidents' models; migrations incidents 0010-0011 and cap 0001-0002
moved them here with their rows (tables renamed from incidents_* to cap_*).
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.models import Municipality

# CAP severities and FMI colours, in the reader's language
SEVERITY_LABELS = {
    "Extreme": _("extreme"),
    "Severe": _("severe"),
    "Moderate": _("moderate"),
    "Minor": _("minor"),
    "Unknown": _("unknown"),
}
COLOR_LABELS = {
    "red": _("red"),
    "orange": _("orange"),
    "yellow": _("yellow"),
    "green": _("green"),
}


class CapAlert(models.Model):
    """A warning read from an FMI CAP 1.2 feed or file; raw XML kept for audit."""

    class State(models.TextChoices):
        ACTIVE = "active", _("in force")
        SUPERSEDED = "superseded", _("superseded")
        CANCELLED = "cancelled", _("cancelled")
        SKIPPED = "skipped", _("skipped")

    class SkipReason(models.TextChoices):
        """Why a warning is not suggested to anyone (shown on the warnings page)."""

        EXERCISE = "exercise", _("exercise, test or not public")
        FOREIGN_SENDER = "foreign_sender", _("not sent by FMI")
        BELOW_THRESHOLD = "below_threshold", _("below the threshold (not Severe or Extreme)")
        NO_AREA_MATCH = "no_area_match", _("no municipality of ours in its area")

    sender = models.CharField(max_length=200)
    identifier = models.CharField(max_length=200)
    sent = models.DateTimeField()
    msg_type = models.CharField(max_length=10)
    references = models.TextField(blank=True)
    event_code = models.CharField(max_length=50, blank=True)
    event = models.CharField(max_length=200, blank=True)
    severity = models.CharField(max_length=10)
    headline = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    onset = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True)
    polygons = models.JSONField(default=list, blank=True)  # [[[lat, lon], ...], ...] WGS84
    municipalities = models.ManyToManyField(Municipality, blank=True, related_name="+")
    state = models.CharField(max_length=12, choices=State.choices, default=State.ACTIVE)
    status = models.CharField(max_length=10, default="Actual")  # CAP status: Actual, Exercise...
    skip_reason = models.CharField(max_length=20, choices=SkipReason.choices, blank=True)
    color = models.CharField(max_length=10, blank=True)  # FMI: green, yellow, orange, red
    # Every CAP info block as sent: [{language, event, headline, description, instruction,
    # areas}]; the page shows the one in the reader's language (text_for).
    infos = models.JSONField(default=list, blank=True)
    # The alert exactly as received (the document, or the alert's bytes in an Atom feed).
    raw_xml = models.TextField()
    imported_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent"]
        constraints = [
            # The name it had in incidents: a constraint keeps its name when its table moves.
            models.UniqueConstraint(fields=["sender", "identifier"], name="incidents_cap_unique")
        ]

    def __str__(self) -> str:
        return self.headline or self.identifier

    def text_for(self, language: str) -> dict[str, Any]:
        """The info block in `language` (fi, sv, en), else Finnish, else the first; alerts
        stored before infos were kept give their Finnish headline and description."""
        if not self.infos:
            return {
                "language": "fi-FI",
                "event": self.event,
                "headline": self.headline,
                "description": self.description,
                "instruction": "",
                "areas": [],
            }
        for wanted in (language[:2], "fi"):
            for info in self.infos:
                if info.get("language", "")[:2].lower() == wanted:
                    return dict(info)
        return dict(self.infos[0])

    @property
    def severity_label(self) -> str:
        return str(SEVERITY_LABELS.get(self.severity, self.severity))

    @property
    def color_label(self) -> str:
        return str(COLOR_LABELS.get(self.color, self.color))

    def in_force(self, now: datetime) -> bool:
        return self.state == self.State.ACTIVE and (self.expires is None or self.expires > now)


class CapFeedState(models.Model):
    """What the last reads of one CAP feed address left behind (cap/feed.py).

    The validators are those of the last feed that was stored in full, so a 304 means
    "nothing new since a successful import"; an error never touches them.
    """

    url = models.URLField(max_length=500, unique=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    # New or unchanged (304): the feed was read and everything in it is stored.
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.url

    @property
    def failing(self) -> bool:
        """The last read failed (an older error, since resolved, is not shown)."""
        return self.last_error_at is not None and (
            self.last_success_at is None or self.last_error_at > self.last_success_at
        )
