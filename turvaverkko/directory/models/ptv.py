"""Links between PTV's records and ours (directory/ptv/)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PtvLink(models.Model):
    """Which of our records a PTV record became (directory/ptv/): re-reads update it in place,
    and a changed-since read touches only the records whose `modified` moved."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("organisation")
        SITE = "site", _("site")
        SERVICE = "service", _("service")

    ptv_id = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    local_id = models.UUIDField()
    modified = models.CharField(max_length=40, blank=True)  # PTV's own timestamp, as given
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("PTV link")
        verbose_name_plural = _("PTV links")

    def __str__(self):
        return f"{self.kind} {self.ptv_id}"
