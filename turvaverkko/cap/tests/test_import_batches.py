"""CAP ingest on the import framework (issue 11 §1): a row is an alert, the size limit comes
before the XML is parsed, the commit is all-or-nothing and every import is a stored batch."""

from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

from turvaverkko.cap.actions import import_cap, store
from turvaverkko.cap.models import CapAlert
from turvaverkko.cap.parsing import CapError, parse
from turvaverkko.importing.models import ImportBatch

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"


def read(name: str) -> bytes:
    return (FILES / name).read_bytes()


def test_an_import_is_a_stored_batch_of_alerts(personas):
    result = import_cap(read("severe_102.xml"), user=personas.kaisa, filename="severe_102.xml")
    assert (result.created, result.skipped) == (1, 0)
    alert = CapAlert.objects.get()
    batch = ImportBatch.objects.get(target="cap")
    assert batch.created_by == personas.kaisa and batch.filename == "severe_102.xml"
    assert batch.status == ImportBatch.Status.COMMITTED and batch.committed_at is not None
    assert batch.result == {"created": 1, "updated": 0, "skipped": 0, "superseded": 0,
                            "cancelled": 0}  # fmt: skip
    assert batch.written == {"2": str(alert.pk)}
    assert batch.rows == []  # the alert keeps its XML; the batch keeps who, when and what


def test_the_same_alert_again_is_skipped_and_an_update_supersedes_it():
    import_cap(read("severe_102.xml"))
    again = import_cap(read("severe_102.xml"))
    assert (again.created, again.skipped) == (0, 1)
    update = import_cap(read("update_102.xml"))
    assert (update.created, update.superseded) == (1, 1)
    states = dict(CapAlert.objects.values_list("msg_type", "state"))
    assert states == {"Alert": "superseded", "Update": "active"}
    # The scheduled feed read has no user: its batches are the system's.
    assert not ImportBatch.objects.exclude(created_by=None).exists()
    assert ImportBatch.objects.filter(target="cap").count() == 3


def test_alerts_of_several_documents_are_stored_oldest_first_once():
    """feed.py gathers alerts from the feed and its links: an Update that comes before the
    alert it updates, and an alert linked twice, are stored as if they came in order."""
    severe, update = parse(read("severe_102.xml")), parse(read("update_102.xml"))
    result = store(update + severe + severe, filename="https://alerts.example/feed.xml")
    assert (result.created, result.skipped, result.superseded) == (2, 1, 1)
    assert CapAlert.objects.get(msg_type="Alert").state == "superseded"
    batch = ImportBatch.objects.get()
    assert batch.filename == "https://alerts.example/feed.xml" and batch.created_by is None


@override_settings(IMPORT_MAX_BYTES=1024 * 1024)
def test_the_size_limit_is_checked_before_the_xml_is_parsed():
    # Not even well-formed: the limit refuses it before the parser sees a byte.
    data = b"<alert>" + b"x" * (1024 * 1024 + 500 * 1024)
    with translation.override("en"), pytest.raises(CapError) as refused:
        import_cap(data)
    assert str(refused.value) == "The file is 1.5 MB; at most 1 MB can be imported at once."
    assert not CapAlert.objects.exists() and not ImportBatch.objects.exists()


def test_a_refused_document_stores_nothing():
    import_cap(read("severe_102.xml"))
    with pytest.raises(CapError):
        import_cap(read("malformed.xml"))
    with pytest.raises(CapError):
        import_cap(read("foreign.xml"))
    assert CapAlert.objects.count() == 1
    assert ImportBatch.objects.count() == 1
