"""Fuzz every operation of /api/schema/ and of the official HSDS 3.0 OpenAPI document with
schemathesis, anonymously, through the WSGI app.

Bounded: a few derandomised examples per operation, so each document's run stays well under
a minute. Any 5xx fails; for our own schema so does a response whose status code is not
documented (every error response is in the schema) or whose body does not match it.
"""

import hashlib
import json
from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from turvaverkko.wsgi import application

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
REPO = Path(__file__).resolve().parents[3]
# The official document (../shared in CI); the vendored copy is the same file (checked below).
OFFICIAL_HSDS = REPO.parent / "shared" / "standards" / "hsds-3.0" / "schema" / "openapi.json"
VENDORED_HSDS = REPO / "turvaverkko" / "api" / "hsds" / "spec" / "openapi.json"
HSDS_OPENAPI_SHA256 = "3c473df56617f5e642f86e0a9ed7ee182a22eecf6f94dd1b91c50511fbbba34d"


@pytest.fixture
def wsgi_in_test_transaction():
    """Calling the WSGI app directly fires request_started/finished, whose handler would
    close the test's database connection (it is inside a transaction); Django's own test
    client disconnects the handler the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _examples(method: str) -> int:
    # Anonymous writes stop at the permission check; reads exercise the filters.
    return 3 if method.upper() == "GET" else 1


def _fuzz(schema, checks, minimum_operations):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= minimum_operations
    failures = []

    for operation in operations:

        @settings(
            max_examples=_examples(operation.method),
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            # Uncompressed, as the checks read the body as text (pages are gzipped on request).
            case.call_and_validate(checks=checks, headers={"Accept-Encoding": "identity"})

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # report every operation's failure
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:800])
    return failures


def test_api_schema_fuzzing_finds_no_server_errors(directory, wsgi_in_test_transaction):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    failures = _fuzz(schema, CHECKS, minimum_operations=40)
    assert failures == [], "\n\n".join(failures)


def hsds_openapi_path() -> Path:
    return OFFICIAL_HSDS if OFFICIAL_HSDS.exists() else VENDORED_HSDS


def test_the_hsds_document_is_the_official_one():
    assert hashlib.sha256(hsds_openapi_path().read_bytes()).hexdigest() == HSDS_OPENAPI_SHA256
    assert hashlib.sha256(VENDORED_HSDS.read_bytes()).hexdigest() == HSDS_OPENAPI_SHA256


def test_hsds_fuzzing_against_the_official_document_finds_no_server_errors(
    directory, wsgi_in_test_transaction
):
    raw = json.loads(hsds_openapi_path().read_text())
    raw["servers"] = [{"url": "/hsds"}]  # the document's paths are relative to our /hsds/
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = application
    failures = _fuzz(schema, [not_a_server_error], minimum_operations=11)
    assert failures == [], "\n\n".join(failures)
