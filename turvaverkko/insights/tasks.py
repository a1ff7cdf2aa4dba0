"""Background work of the insights app (django-tasks); actions.py enqueues these on commit."""

import logging
import time

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from .analysis import CoverageQuery, QueryError, run_query
from .models import CoverageRun

logger = logging.getLogger(__name__)

# What a coordinator reads when a run fails for a reason that is not in the question asked.
DATA_UNREADABLE = _(
    "The population grid or road network data could not be read. Ask the administrator to "
    "check the shared file storage or to import the data again."
)
INTERNAL_ERROR = _(
    "The analysis stopped because of an internal error. The administrator can find the "
    "details in the server log."
)


@task()
def run_coverage(run_id: str) -> str:
    """Compute a CoverageRun, showing progress; a failure is recorded on the run, not raised."""
    updated = CoverageRun.objects.filter(pk=run_id, status=CoverageRun.Status.QUEUED).update(
        status=CoverageRun.Status.RUNNING, started_at=timezone.now(), progress=1
    )
    if not updated:  # already taken by another worker, or gone
        return "skipped"
    run = CoverageRun.objects.get(pk=run_id)
    last_write = [0.0]

    def progress(percent: int) -> None:
        # One UPDATE at most every half second, so progress never slows the computation.
        now = time.monotonic()
        if percent >= 100 or now - last_write[0] > 0.5:
            CoverageRun.objects.filter(pk=run_id).update(progress=min(percent, 99))
            last_write[0] = now

    try:
        query = CoverageQuery.from_parameters(run.parameters)
        result = run_query(query, progress, keep_distances=True)
    except QueryError as exc:
        _fail(run_id, str(exc))
        return "failed"
    except OSError:
        # A dataset file missing or unreadable where this worker looks for it: the traceback
        # (with server paths) goes to the log, the coordinator reads what failed in words.
        logger.exception("coverage run %s failed: a data file could not be read", run_id)
        _fail(run_id, str(DATA_UNREADABLE))
        return "failed"
    except Exception:
        logger.exception("coverage run %s failed", run_id)
        _fail(run_id, str(INTERNAL_ERROR))
        return "failed"
    CoverageRun.objects.filter(pk=run_id).update(
        status=CoverageRun.Status.DONE,
        progress=100,
        result=result,
        cache_key=result["cache_key"],
        finished_at=timezone.now(),
    )
    return "done"


def _fail(run_id: str, error: str) -> None:
    CoverageRun.objects.filter(pk=run_id).update(
        status=CoverageRun.Status.FAILED, error=error, finished_at=timezone.now()
    )
