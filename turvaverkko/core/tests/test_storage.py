"""The database-backed storage that every machine shares (STORAGE_BACKEND=database)."""

import pytest
from django.core.files.base import ContentFile

from turvaverkko.core.storage import DatabaseStorage, walk

pytestmark = pytest.mark.django_db


def test_files_are_saved_read_listed_and_deleted_by_name():
    storage = DatabaseStorage(location="media")
    first = storage.save("agreements/2026/sopimus.pdf", ContentFile(b"%PDF one"))
    second = storage.save("agreements/2026/sopimus.pdf", ContentFile(b"%PDF two"))

    assert first == "agreements/2026/sopimus.pdf"
    assert second != first and second.startswith("agreements/2026/sopimus")  # never overwritten
    with storage.open(first) as fh:
        assert fh.read() == b"%PDF one"
    assert storage.size(second) == len(b"%PDF two")
    assert sorted(walk(storage)) == sorted([first, second])
    assert storage.listdir("agreements") == (["2026"], [])
    # Another location of the same table sees none of them.
    assert list(walk(DatabaseStorage(location="insights"))) == []

    storage.delete(first)
    assert not storage.exists(first)
    with pytest.raises(FileNotFoundError):
        storage.open(first)


def test_write_replaces_a_file_whole():
    storage = DatabaseStorage(location="insights")
    storage.write("grid.npz", b"old")
    storage.write("grid.npz", b"new contents")
    with storage.open("grid.npz") as fh:
        assert fh.read() == b"new contents"
    assert storage.size("grid.npz") == 12
