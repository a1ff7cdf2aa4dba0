"""Dashboard card: operating models nobody has reviewed for a year (the yearly review)."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import OperatingModel
from .rules import may_see_contacts


def cards(request: HttpRequest) -> list[dict[str, Any]]:
    """For coordinators and admins: how many models wait for their yearly review; the link
    opens the one waiting longest, whose page has "The content is current"."""
    if not may_see_contacts(request.user):
        return []
    cutoff = timezone.now() - timedelta(days=settings.CONFIRMATION_MAX_AGE_DAYS)
    due = OperatingModel.objects.filter(reviewed_at__lt=cutoff).order_by("reviewed_at")
    count = due.count()
    if not count:
        return []
    oldest = due.first()
    assert oldest is not None
    return [
        {
            "key": "models-review",
            "title": _("Operating models to review"),
            "count": count,
            "detail": _("not reviewed for a year"),
            "url": reverse("knowledge:model_detail", args=[oldest.pk]),
            "link": _("Review the oldest"),
            "tone": "",
            "order": 90,
        }
    ]
