"""The background commit of a large import; the batch's progress field shows how far it is."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django_tasks import task

from .base import ImportFileError, ImportRefused
from .models import ImportBatch
from .registry import importer_for_batch


def _progress(batch: ImportBatch) -> Callable[[int], None]:
    def report(done: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(progress=done)

    return report


@task()
def commit_batch(batch_id: str, user_id: int) -> None:
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != ImportBatch.Status.RUNNING:
        return  # already done (a task may run twice)
    user = get_user_model().objects.get(pk=user_id)
    importer = importer_for_batch(batch, user)
    try:
        importer.validate(batch, progress=_progress(batch))
        importer.commit(batch, progress=_progress(batch))
    except (ImportRefused, ImportFileError) as exc:
        errors = exc.errors if isinstance(exc, ImportRefused) else [str(exc)]
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.MAPPED, result={"errors": errors}, progress=0
        )
