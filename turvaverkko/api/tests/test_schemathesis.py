"""Fuzz every operation of /api/schema/ with schemathesis, anonymously, through the WSGI app.

Bounded: a few derandomised examples per operation, so the whole run stays well under a
minute. Any 5xx fails; so does a successful response that does not match the schema.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from turvaverkko.wsgi import application

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


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


def test_api_schema_fuzzing_finds_no_server_errors(directory, wsgi_in_test_transaction):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
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
            case.call_and_validate(checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # report every operation's failure
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:800])
    assert failures == [], "\n\n".join(failures)
