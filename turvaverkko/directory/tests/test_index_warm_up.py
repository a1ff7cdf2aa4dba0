"""The public search index is built in a thread as a served process starts (turvaverkko.wsgi,
DIRECTORY_WARM_UP on by default), and never in the test process (conftest.py turns it off):
there the thread would query the database outside any test."""

import subprocess
import sys
import threading
from pathlib import Path

from turvaverkko.core.testing import MANAGE, ProcessDatabase
from turvaverkko.directory import index

WORKER_START = """
import threading
import turvaverkko.wsgi
from turvaverkko.directory import index
builder = next(t for t in threading.enumerate() if t.name == "directory-index")
builder.join(120)
print(not builder.is_alive(), index._index is not None, index._background)
"""


class WarmUpDatabase(ProcessDatabase):
    name_prefix = "warm_up"


def test_a_served_process_builds_the_index_as_it_starts(tmp_path):
    db = WarmUpDatabase(tmp_path)
    try:
        env = {k: v for k, v in db.env().items() if k != "DIRECTORY_WARM_UP"}
        done = subprocess.run(  # noqa: S603 (our own interpreter)
            [sys.executable, "-c", WORKER_START],
            cwd=Path(MANAGE).parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        db.drop()
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["True", "True", "True"]


def test_importing_the_wsgi_app_in_tests_starts_no_index_thread():
    import turvaverkko.wsgi  # noqa: F401 (what test_schemathesis does)

    assert not index._background
    assert "directory-index" not in {t.name for t in threading.enumerate()}
