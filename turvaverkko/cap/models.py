"""FMI CAP 1.2 warnings as read, and the state of the feed they are read from.

Until 2026-12 these were incidents' models; migrations incidents 0010-0011 and cap 0001-0002
moved them here with their rows (tables renamed from incidents_* to cap_*).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from turvaverkko.areas.models import Municipality


class CapAlert(models.Model):
    """A warning read from an FMI CAP 1.2 feed or file; raw XML kept for audit."""

    class State(models.TextChoices):
        ACTIVE = "active", _("in force")
        SUPERSEDED = "superseded", _("superseded")
        CANCELLED = "cancelled", _("cancelled")

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
    raw_xml = models.TextField()
    imported_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent"]
        constraints = [
            # The name it had in incidents: a constraint keeps its name when its table moves.
            models.UniqueConstraint(fields=["sender", "identifier"], name="incidents_cap_unique")
        ]

    def __str__(self) -> str:
        return self.headline or self.identifier


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
