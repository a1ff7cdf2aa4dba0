"""The restore drill: backup, lose everything, restore, and find every row and file again."""

import hashlib
import io
import shutil
import tarfile
from datetime import date

import numpy as np
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from turvaverkko.core.backup import current_row_counts, read_manifest
from turvaverkko.core.models import StoredFile
from turvaverkko.core.storage import named_storage, walk
from turvaverkko.insights import storage as insights_storage
from turvaverkko.preparedness.models import Agreement

SECRET = "restored-secret-key-" + "x1y2z3" * 8


def checksums() -> dict[str, str]:
    found = {}
    for alias in ("default", "insights"):
        storage = named_storage(alias)
        for name in walk(storage):
            with storage.open(name, "rb") as fh:
                found[f"{alias}/{name}"] = hashlib.sha256(fh.read()).hexdigest()
    return found


@pytest.fixture(params=["filesystem", "database"])
def storage_backend(request, settings, tmp_path):
    """Both storage backends; files under this test's own directories."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.INSIGHTS_DATA_DIR = str(tmp_path / "insights")
    if request.param == "database":
        database = "turvaverkko.core.storage.DatabaseStorage"
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": database, "OPTIONS": {"location": "media"}},
            "insights": {"BACKEND": database, "OPTIONS": {"location": "insights"}},
        }
    return request.param


def lose_everything(tmp_path):
    """What a lost machine leaves: an empty database and no files."""
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(tmp_path / "media", ignore_errors=True)
    shutil.rmtree(tmp_path / "insights", ignore_errors=True)
    assert not StoredFile.objects.exists()
    assert not Agreement.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trip(personas, storage_backend, settings, tmp_path):
    settings.SECRET_KEY = SECRET
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = "public-key", "private-key"
    agreement = Agreement.objects.create(
        title="Ensihuoltosopimus",
        kind="emergency_relief",
        municipality=personas.huittinen,
        valid_from=date(2026, 1, 1),
    )
    agreement.organizations.set([personas.olli_org])
    agreement.document.save("sopimus.pdf", ContentFile(b"%PDF-1.4 signed by both"))
    insights_storage.write_arrays("population-1000m-2025-a.npz", {"x": np.arange(5)})
    rows_before, files_before = current_row_counts(), checksums()
    assert len(files_before) == 2 and rows_before["preparedness_agreement"] == 1

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    manifest = read_manifest(archive)
    assert manifest.tables == rows_before
    assert manifest.files == files_before
    assert archive.stat().st_mode & 0o077 == 0  # secrets inside: the owner's only

    lose_everything(tmp_path)
    env_file = tmp_path / "restored.env"
    env_file.write_text("DJANGO_ENV=production\nSECRET_KEY=something-else\n")
    call_command("restore", str(archive), env_file=env_file, yes=True, verbosity=0)

    assert current_row_counts() == rows_before
    assert checksums() == files_before
    restored = Agreement.objects.get()
    with restored.document.open("rb") as fh:
        assert fh.read() == b"%PDF-1.4 signed by both"
    assert insights_storage.read_arrays("population-1000m-2025-a.npz")["x"].tolist() == [
        0,
        1,
        2,
        3,
        4,
    ]
    env = dict(line.split("=", 1) for line in env_file.read_text().splitlines())
    assert env["SECRET_KEY"] == SECRET
    assert env["VAPID_PRIVATE_KEY"] == "private-key"
    assert env["STAGING_COPY"] == "true"  # the restored copy sends nothing until told
    assert env["DJANGO_ENV"] == "production"


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_refused_before_anything_changes(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    named_storage("default").save("agreements/a.pdf", ContentFile(b"original"))
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            extracted = source.extractfile(member)
            assert extracted is not None
            data = extracted.read()
            if member.name == "files/default/agreements/a.pdf":
                data = b"tampered"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    named_storage("default").save("agreements/b.pdf", ContentFile(b"newer"))

    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(damaged), env_file=tmp_path / ".env", yes=True)
    assert sorted(walk(named_storage("default"))) == ["agreements/a.pdf", "agreements/b.pdf"]
    assert not (tmp_path / ".env").exists()
