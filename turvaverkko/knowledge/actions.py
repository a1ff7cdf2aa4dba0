"""Named writes on projects, operating models and implementations."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from turvaverkko.registry.models import Organization

from .models import Implementation, LanguageStatus, OperatingModel, Project, ProjectParty


@transaction.atomic
def save_model(
    model: OperatingModel,
    user: Any,
    *,
    lang: str,
    status: str,
    m2m: Callable[[], None] | None = None,
) -> OperatingModel:
    """Save a model edited in one language; the person saving has read it, so the yearly review
    restarts. Machine text stays 'machine' unless the editor marks it reviewed explicitly."""
    if model.pk is None and user is not None and user.is_authenticated:
        model.created_by = user
    statuses = dict(model.language_status)
    statuses[lang] = status if status in LanguageStatus.values else LanguageStatus.DRAFT
    model.language_status = statuses
    model.reviewed_at = timezone.now()
    model.review_reminder_sent_at = None
    model.save()
    if m2m is not None:
        m2m()
    return model


def mark_machine_translation(model: OperatingModel, lang: str, texts: dict[str, str]) -> None:
    """Store machine-translated texts for `lang`: shown marked, never as reviewed."""
    for field, text in texts.items():
        setattr(model, f"{field}_{lang}", text)
    statuses = dict(model.language_status)
    statuses[lang] = LanguageStatus.MACHINE
    model.language_status = statuses
    model.save()


@transaction.atomic
def confirm_model(model: OperatingModel, user: Any) -> OperatingModel:
    """The yearly review: "the content is still current"."""
    model.reviewed_at = timezone.now()
    model.review_reminder_sent_at = None
    model.save(update_fields=["reviewed_at", "review_reminder_sent_at", "modified_at"])
    return model


@transaction.atomic
def add_implementation(implementation: Implementation, user: Any) -> Implementation:
    implementation.save()
    return implementation


@transaction.atomic
def save_project(
    project: Project,
    user: Any,
    parties: list[tuple[Organization, str]],
    m2m: Callable[[], None] | None = None,
) -> Project:
    """Save a project with its parties (organisation, role) as the whole new list."""
    project.save()
    if m2m is not None:
        m2m()
    project.parties.all().delete()
    ProjectParty.objects.bulk_create(
        ProjectParty(project=project, organization=org, role=role) for org, role in parties
    )
    return project


def models_due_for_review(now: datetime, max_age_days: int) -> QuerySet[OperatingModel]:
    """Models whose content nobody has reviewed for a year and who have had no reminder."""
    cutoff = now - timedelta(days=max_age_days)
    return OperatingModel.objects.filter(reviewed_at__lt=cutoff, review_reminder_sent_at=None)
