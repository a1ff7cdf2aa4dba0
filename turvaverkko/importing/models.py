"""The stored import batch: who imported what, from which file, and how it went."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """A staged import (upload → column mapping → preview → commit).

    The parsed rows are stored, so nothing is lost between the steps and the user can come
    back to an unfinished import. Validation is repeated from these rows at every step, so
    the preview and the commit always see the database as it is now.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        MAPPED = "mapped", _("columns mapped")
        RUNNING = "running", _("importing")
        COMMITTED = "committed", _("imported")
        DISCARDED = "discarded", _("discarded")
        # A bulk import (importing.bulk) whose file was refused; `result` says why.
        REFUSED = "refused", _("refused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # None: the system (a scheduled feed read, e.g. the CAP weather warnings).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_batches",
        null=True,
        blank=True,
    )
    # What is imported ("organizations") and from which format ("csv", "xlsx").
    target = models.CharField(_("imported data"), max_length=30, default="organizations")
    format = models.CharField(_("file format"), max_length=10)
    filename = models.CharField(_("file name"), max_length=255)
    headers = models.JSONField(_("column headers"), default=list)
    # [{"row": <row number in the spreadsheet, header = 1>, "cells": ["...", ...]}, ...]
    rows = models.JSONField(_("rows"), default=list)
    # {"<field name>": <column index>}
    mapping = models.JSONField(_("column mapping"), default=dict)
    # {"<row number>": "create" | "update" | "skip" | "merge"} and {"outside": "skip"}
    decisions = models.JSONField(_("choices for rows"), default=dict)
    # {"<field name>": {"<value as written>": "<term id>" | "drop" | "create"}}
    value_mappings = models.JSONField(_("choices for values"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED
    )
    # Rows written so far while a large import runs in the background (of `total`).
    progress = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    # {"created": n, "updated": n, "skipped": n} once committed; {"errors": [...]} if refused
    result = models.JSONField(_("result"), default=dict, blank=True)
    # What each committed row created, updated or matched: {"<row number>": "<object id>"}.
    written = models.JSONField(_("written objects"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.COMMITTED, self.Status.DISCARDED, self.Status.REFUSED)

    @property
    def percent(self) -> int:
        return int(100 * self.progress / self.total) if self.total else 0
