"""Reading FMI's CAP feed over HTTP, from a real server on 127.0.0.1 (no mocks).

The server plays alerts.fmi.fi: an Atom feed whose entries link to (or embed) the CAP
alerts in tests/cap/, with ETag and Last-Modified, and on demand the faults a feed can
have: HTTP errors, slowness, a body too large, a redirect.
"""

import io
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from turvaverkko.cap import parsing as cap
from turvaverkko.cap.feed import read_feed
from turvaverkko.cap.models import CapAlert, CapFeedState
from turvaverkko.cap.suggestions import suggestions
from turvaverkko.cap.tasks import fetch_cap_feed
from turvaverkko.notify.models import Dispatch
from turvaverkko.web.scheduler import SCHEDULE

FILES = Path(__file__).parent / "files"
FEED = "/cap/feed/atom_fi-FI.xml"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    etag: str = ""
    last_modified: str = ""
    delay: float = 0.0  # seconds before answering
    drip: float = 0.0  # seconds between each of ten pieces of the body
    content_length: bool = True  # False: the body ends when the connection closes
    headers: dict[str, str] = field(default_factory=dict)


class FeedServer:
    """A real HTTP server on 127.0.0.1: path -> Route; every request is recorded."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()

    def start(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server API)
                with stub.lock:
                    stub.requests.append((self.path, dict(self.headers)))
                route = stub.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                time.sleep(route.delay)
                if not_modified(route, self.headers):
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", "application/xml")
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.content_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                pieces = 10 if route.drip else 1 + len(route.body) // 65536
                step = -(-len(route.body) // pieces) or 1
                try:
                    for start in range(0, len(route.body), step):
                        self.wfile.write(route.body[start : start + step])
                        self.wfile.flush()
                        time.sleep(route.drip)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self):
        with self.lock:
            return [path for path, _headers in self.requests]

    def publish(self, body, version, **kwargs):
        """A new feed: its ETag and Last-Modified change with `version`."""
        self.routes[FEED] = Route(
            body=body,
            etag=f'"v{version}"',
            last_modified=f"Mon, 23 Nov 2026 10:{version:02d}:00 GMT",
            **kwargs,
        )


def not_modified(route, headers) -> bool:
    if headers.get("If-None-Match") is not None:  # takes precedence (RFC 9110 13.2.2)
        return bool(route.etag) and headers["If-None-Match"] == route.etag
    since = headers.get("If-Modified-Since")
    return bool(route.last_modified) and since == route.last_modified


def alert_xml(name: str) -> str:
    return (FILES / name).read_text(encoding="utf-8").split("?>", 1)[1]


def atom(*, links=(), embedded=()) -> bytes:
    """An Atom feed like FMI's. A linked entry also has an HTML alternate link on another
    host, as a real feed would, which must not be taken for the alert."""
    entries = [
        f"<entry><id>link-{i}</id><title>t</title><updated>2026-11-23T10:00:00+02:00</updated>"
        f'<link rel="alternate" type="text/html" href="https://example.invalid/varoitukset"/>'
        f'<link rel="related" type="application/cap+xml" href="{href}"/></entry>'
        for i, href in enumerate(links)
    ] + [
        f"<entry><id>embedded-{i}</id><title>t</title><updated>2026-11-23T10:00:00+02:00</updated>"
        f'<content type="text/xml">{alert_xml(name)}</content></entry>'
        for i, name in enumerate(embedded)
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<feed xmlns="{cap.ATOM}"><title>FMI</title><id>urn:test</id>'
        f"<updated>2026-11-23T10:00:00+02:00</updated>{''.join(entries)}</feed>"
    ).encode()


@pytest.fixture
def fmi(settings):
    server = FeedServer().start()
    for name in ("severe_102", "moderate_102", "update_102", "cancel_102", "foreign"):
        server.routes[f"/cap/{name}.xml"] = Route(body=(FILES / f"{name}.xml").read_bytes())
    server.routes["/cap/malformed.xml"] = Route(body=(FILES / "malformed.xml").read_bytes())
    settings.FMI_CAP_FEED_URL = server.url(FEED)
    settings.FMI_CAP_FEED_TIMEOUT = 2.0
    settings.FMI_CAP_LINK_HOSTS = []
    yield server
    server.stop()


@pytest.fixture
def foreign():
    """Another server on 127.0.0.1 (another port, so another host to the feed)."""
    server = FeedServer().start()
    server.routes["/cap/update_102.xml"] = Route(body=(FILES / "update_102.xml").read_bytes())
    yield server
    server.stop()


def stored():
    """Everything a coordinator could notice about the stored alerts."""
    return sorted(
        CapAlert.objects.values_list("identifier", "state", "severity", "headline", "imported_at")
    )


def read():
    with translation.override("en"):
        return read_feed()


@pytest.mark.django_db
def test_feed_with_linked_alerts_creates_them_and_suggests_the_severe_one(personas, plan, fmi):
    fmi.publish(atom(links=["/cap/severe_102.xml", fmi.url("/cap/moderate_102.xml")]), 1)

    result = read()

    assert (result.unchanged, result.linked, result.imported.created) == (False, 2, 2)
    severe = CapAlert.objects.get(severity="Severe")
    assert [m.code for m in severe.municipalities.all()] == ["102"]
    assert "Oranssi tuulivaroitus" in severe.raw_xml
    assert list(suggestions(personas.kaisa)) == [severe]
    assert list(suggestions(personas.mikko)) == []  # another municipality
    assert not Dispatch.objects.exists()  # a suggestion, never an automatic activation
    assert sorted(fmi.paths()) == sorted(
        [FEED, "/cap/severe_102.xml", "/cap/moderate_102.xml"]
    )  # the HTML alternate link on another host was not followed
    state = CapFeedState.objects.get(url=fmi.url(FEED))
    assert state.etag == '"v1"' and state.last_success_at and not state.failing


@pytest.mark.django_db
@pytest.mark.parametrize("validator", ["etag", "last_modified"])
def test_unchanged_feed_gets_304_and_changes_nothing(personas, fmi, validator):
    fmi.publish(atom(links=["/cap/severe_102.xml"]), 1)
    if validator == "last_modified":
        fmi.routes[FEED].etag = ""
    read()
    before = stored()
    first_success = CapFeedState.objects.get().last_success_at
    assert first_success is not None

    result = read()

    assert result.unchanged
    assert stored() == before
    path, headers = fmi.requests[-1]
    assert path == FEED
    if validator == "etag":
        assert headers["If-None-Match"] == '"v1"'
    else:
        assert "If-None-Match" not in headers
        assert headers["If-Modified-Since"] == "Mon, 23 Nov 2026 10:01:00 GMT"
    assert fmi.paths().count("/cap/severe_102.xml") == 1  # not fetched again
    last_success = CapFeedState.objects.get().last_success_at
    assert last_success is not None and last_success > first_success


@pytest.mark.django_db
def test_update_and_cancel_in_later_feeds_apply(personas, plan, fmi):
    fmi.publish(atom(links=["/cap/severe_102.xml"]), 1)
    read()
    fmi.publish(atom(links=["/cap/severe_102.xml", "/cap/update_102.xml"]), 2)
    result = read()
    assert (result.imported.created, result.imported.superseded) == (1, 1)
    first, update = CapAlert.objects.order_by("sent")
    assert (first.state, update.state) == ("superseded", "active")
    assert [a.headline for a in suggestions(personas.kaisa)] == ["Punainen tuulivaroitus"]

    # FMI embeds the alerts in the feed; an embedded Cancel applies just the same.
    fmi.publish(atom(links=["/cap/update_102.xml"], embedded=["cancel_102.xml"]), 3)
    assert read().imported.cancelled == 1
    update.refresh_from_db()
    assert update.state == "cancelled"
    assert list(suggestions(personas.kaisa)) == []
    assert CapAlert.objects.count() == 3


# Each fault comes with a feed that, if it were stored, would supersede the first alert.
# fault: (Route fields of the feed, links it adds, the error expected)
FAULTS: dict[str, tuple[dict[str, Any], list[str], str]] = {
    "http_500": ({"status": 500}, [], "answered HTTP 500"),
    "timeout": ({"delay": 1.5}, [], "did not answer within 0.5 seconds"),
    "trickle": ({"drip": 0.2}, [], "did not answer within 0.5 seconds"),
    "too_large": ({"body": b" " * (cap.MAX_BYTES + 1)}, [], "larger than 5 MB"),
    "too_large_undeclared": (
        {"body": b" " * (cap.MAX_BYTES + 1), "content_length": False},
        [],
        "larger than 5 MB",
    ),
    "malformed_feed": ({"body": (FILES / "malformed.xml").read_bytes()}, [], "not well-formed"),
    "malformed_linked": ({}, ["/cap/malformed.xml"], "malformed.xml: The file is not well-formed"),
    "foreign_sender": ({}, ["/cap/foreign.xml"], "Not an FMI feed"),
    "foreign_host": ({}, ["FOREIGN/cap/update_102.xml"], "on another host than the feed"),
    "redirect": (
        {"status": 302, "headers": {"Location": "FOREIGN/cap/update_102.xml"}},
        [],
        "redirects to",
    ),
    "no_alert_in_entry": ({}, [""], "has neither a CAP alert nor a link to one"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("fault", FAULTS)
def test_a_bad_read_is_recorded_and_changes_nothing(
    personas, plan, fmi, foreign, settings, caplog, fault
):
    fmi.publish(atom(links=["/cap/severe_102.xml"]), 1)
    read()
    before = stored()
    settings.FMI_CAP_FEED_TIMEOUT = 0.5
    route, extra_links, message = FAULTS[fault]
    route, base = dict(route), foreign.url("")
    if "headers" in route:
        route["headers"] = {k: v.replace("FOREIGN", base) for k, v in route["headers"].items()}
    links = ["/cap/update_102.xml", *(link.replace("FOREIGN", base) for link in extra_links)]
    fmi.publish(route.pop("body", atom(links=links)), 2, **route)

    with pytest.raises(cap.CapError, match=message):
        read()

    assert stored() == before
    assert [a.headline for a in suggestions(personas.kaisa)] == ["Oranssi tuulivaroitus"]
    state = CapFeedState.objects.get()
    assert state.failing and message in state.last_error
    assert state.etag == '"v1"'  # so the next read fetches the feed again
    assert message in caplog.text
    assert foreign.requests == []  # never contacted


@pytest.mark.django_db
def test_allowed_host_may_serve_linked_alerts(personas, fmi, foreign, settings):
    settings.FMI_CAP_LINK_HOSTS = [f"127.0.0.1:{foreign.port}"]
    fmi.publish(atom(links=["/cap/severe_102.xml", foreign.url("/cap/update_102.xml")]), 1)
    assert read().imported.created == 2
    assert foreign.paths() == ["/cap/update_102.xml"]


@pytest.mark.django_db
def test_coordinator_sees_when_the_feed_was_read_and_its_error(personas, fmi, client_as):
    fmi.publish(atom(links=["/cap/severe_102.xml"]), 1)
    read()
    kaisa = client_as("kaisa").get("/en/dashboard/").content.decode()
    assert "FMI weather warnings last read" in kaisa
    assert "Reading the warnings failed" not in kaisa

    fmi.publish(b"", 2, status=503)
    with pytest.raises(cap.CapError):
        read()
    for persona in ("kaisa", "admin"):
        page = client_as(persona).get("/en/dashboard/").content.decode()
        assert "FMI weather warnings last read" in page
        assert "Reading the warnings failed" in page and "answered HTTP 503" in page
    for outsider in ("olli", "ville"):
        assert "FMI weather" not in client_as(outsider).get("/en/dashboard/").content.decode()

    fmi.publish(atom(links=["/cap/severe_102.xml"]), 3)  # FMI is back
    read()
    assert "Reading the warnings failed" not in (
        client_as("kaisa").get("/en/dashboard/").content.decode()
    )


@pytest.mark.django_db
def test_coordinator_is_told_when_the_feed_is_off(personas, settings, client_as):
    settings.FMI_CAP_FEED_URL = ""
    page = client_as("kaisa").get("/en/dashboard/").content.decode()
    assert "FMI weather warnings are not read automatically" in page


@pytest.mark.django_db
def test_scheduled_task_does_nothing_without_a_feed_address(fmi, settings):
    fmi.publish(atom(links=["/cap/severe_102.xml"]), 1)
    settings.FMI_CAP_FEED_URL = ""
    assert fetch_cap_feed.call() == {"status": "off"}
    assert fmi.requests == []
    assert not CapFeedState.objects.exists() and not CapAlert.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_scheduled_task_reads_the_feed_in_the_worker(fmi):
    assert ("turvaverkko.cap.tasks.fetch_cap_feed", timedelta(minutes=5)) in SCHEDULE
    fmi.publish(atom(links=["/cap/severe_102.xml"]), 1)
    result = fetch_cap_feed.enqueue()

    call_command("db_worker", "--batch", "--queue-name", "default", "--no-startup-delay")

    result.refresh()
    assert result.status == "SUCCESSFUL"
    outcome = result.return_value
    assert outcome is not None and outcome["status"] == "read" and outcome["created"] == 1
    assert CapAlert.objects.get().identifier == "urn:oid:2.49.0.1.246.0.1"


@pytest.mark.django_db
def test_scheduled_task_reports_a_failed_read_without_failing(fmi):
    fmi.publish(b"", 1, status=500)
    with translation.override("en"):
        outcome = fetch_cap_feed.call()
    assert outcome["status"] == "error" and "answered HTTP 500" in outcome["error"]
    assert CapFeedState.objects.get().failing


@pytest.mark.django_db
def test_import_cap_command_reads_a_url(personas, fmi):
    fmi.publish(atom(links=["/cap/severe_102.xml"], embedded=["moderate_102.xml"]), 1)
    url = fmi.url(FEED)
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_cap", "--url", url, stdout=out)
        call_command("import_cap", "--url", url, stdout=out)
    assert f"{url}: 1 linked alert fetched; 2 new, 0 skipped" in out.getvalue()
    assert f"{url}: unchanged since the last read (304)" in out.getvalue()
    assert CapAlert.objects.count() == 2

    fmi.publish(b"", 2, status=500)
    with pytest.raises(CommandError, match="answered HTTP 500"), translation.override("en"):
        call_command("import_cap", "--url", url)
    assert CapAlert.objects.count() == 2


@pytest.mark.django_db
def test_import_cap_command_refuses_other_schemes(personas):
    with pytest.raises(CommandError, match="Only http and https"), translation.override("en"):
        call_command("import_cap", "--url", "file:///etc/passwd")
