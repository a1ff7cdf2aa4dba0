"""Datasets and runs of the coverage analysis.

The bulky data (a million grid cells, a million road nodes) lives in compact numpy files under
`storage.data_dir()`; the database holds one row per dataset that names the file and says where
it came from, so listing and choosing datasets stays cheap and the arrays load in milliseconds.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PopulationGridQuerySet(models.QuerySet):
    def current(self, resolution: int | None = None):
        """The dataset analyses use by default: real data before synthetic, newest year first."""
        qs = self if resolution is None else self.filter(resolution=resolution)
        return qs.order_by("is_synthetic", "-year", "-resolution", "-created_at").first()


class PopulationGrid(models.Model):
    """One imported (or generated) population grid: Statistics Finland's 1 km or 250 m cells."""

    class Resolution(models.IntegerChoices):
        KM1 = 1000, _("1 km")
        M250 = 250, _("250 m")

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("reference year"))
    resolution = models.PositiveIntegerField(_("cell size (m)"), choices=Resolution.choices)
    # Shown in the UI: figures from a synthetic grid must never be mistaken for statistics.
    is_synthetic = models.BooleanField(_("synthetic"), default=False)
    source = models.CharField(_("source"), max_length=500, blank=True)
    file_name = models.CharField(max_length=200, unique=True)
    checksum = models.CharField(max_length=64)
    cell_count = models.PositiveIntegerField(_("cells"))
    total_population = models.PositiveBigIntegerField(_("residents"))
    suppressed_cells = models.PositiveIntegerField(_("cells with suppressed age groups"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PopulationGridQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("population grid")
        verbose_name_plural = _("population grids")

    def __str__(self):
        return f"{self.name} ({self.year}, {self.get_resolution_display()})"

    def load(self):
        from .population import load_grid

        return load_grid(self)


class RoadNetwork(models.Model):
    """A road graph for one travel profile, cached as CSR arrays (see roads.py)."""

    class Profile(models.TextChoices):
        DRIVE = "drive", _("by car")
        WALK = "walk", _("on foot")

    name = models.CharField(_("name"), max_length=200)
    profile = models.CharField(_("travel profile"), max_length=10, choices=Profile.choices)
    is_synthetic = models.BooleanField(_("synthetic"), default=False)
    source = models.CharField(_("source"), max_length=500, blank=True)
    file_name = models.CharField(max_length=200, unique=True)
    checksum = models.CharField(max_length=64)
    node_count = models.PositiveIntegerField(_("nodes"))
    arc_count = models.PositiveIntegerField(_("arcs"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("road network")
        verbose_name_plural = _("road networks")

    def __str__(self):
        return f"{self.name} ({self.get_profile_display()})"

    def load(self):
        from .roads import load_network

        return load_network(self)


class CoverageRun(models.Model):
    """One coverage computation: its parameters, progress, and result (the cache entry)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    parameters = models.JSONField(_("parameters"))
    # Parameters + fingerprint of the matching sites + dataset ids: equal keys, equal results.
    cache_key = models.CharField(max_length=64, db_index=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("coverage run")
        verbose_name_plural = _("coverage runs")

    def __str__(self):
        return f"{self.get_status_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def error_for_display(self) -> str:
        """The error in words; a traceback that older versions stored is never shown."""
        if self.error.lstrip().startswith("Traceback"):
            return str(
                _(
                    "The analysis stopped because of an internal error. The administrator can "
                    "find the details in the server log."
                )
            )
        return self.error

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
