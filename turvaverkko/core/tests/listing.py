"""Helpers for the tests of lists built on core.lists (every app's list tests use them)."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext


def csv_table(response) -> list[dict[str, str]]:
    """The rows of a CSV download, as the user's spreadsheet would read them."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    # Contact lists are personal data: never kept by a browser or a proxy.
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # the BOM, so spreadsheet apps read UTF-8
    return list(csv.DictReader(io.StringIO(body[1:])))


def queries_for(client, url: str) -> int:
    """How many SQL queries one GET of `url` makes (the page must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)
