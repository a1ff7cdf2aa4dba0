"""Public pages as a phone downloads them from a production-like server: static files
collected, hashed and pre-compressed, served by WhiteNoise; pages gzipped.

Bytes are what Chromium's network log says arrived (`Network.loadingFinished`
encodedDataLength: headers and compressed body), not estimates. The low-bandwidth test lets
Chromium emulate a slow mobile connection (DevTools network emulation), so what it measures
is the emulated network, not the speed of this machine.
"""

import threading

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.test.testcases import LiveServerThread

from turvaverkko.directory.tests.factories import ServiceFactory, SiteFactory
from turvaverkko.registry.tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET_BYTES = 100 * 1024
TILE_HOSTS = ("tile.openstreetmap.org",)  # tiles aside, as the budget says
# Apps whose static files no public page uses (the admin, the browsable API); collecting
# them only makes the test slower.
NOT_PUBLIC = ["admin", "rest_framework", "django_htmx", "modeltranslation"]
# 0.26 Mbit/s both ways and 300 ms latency: a weak mobile connection.
SLOW_NETWORK = {
    "offline": False,
    "latency": 300,
    "downloadThroughput": 260_000 / 8,
    "uploadThroughput": 260_000 / 8,
}
USABLE_WITHIN_MS = 10_000


@pytest.fixture(scope="module")
def compressed_static(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=str(root), STORAGES=storages, WHITENOISE_USE_FINDERS=False):
        args = ["collectstatic", "--noinput", "--verbosity=0"]
        call_command(*args, *[f"--ignore={name}" for name in NOT_PUBLIC])
        yield root


class ProductionLikeServer(LiveServerThread):
    """Django's live server without its static-file shortcut: every request goes through the
    middleware, so WhiteNoise serves /static/ and GZipMiddleware compresses pages."""


@pytest.fixture
def server(compressed_static, transactional_db):
    shared = {
        conn.alias: conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    for conn in shared.values():
        conn.inc_thread_sharing()
    thread = ProductionLikeServer(
        "127.0.0.1", static_handler=lambda app: app, connections_override=shared, port=0
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    thread.join()
    for conn in shared.values():
        conn.dec_thread_sharing()


@pytest.fixture
def places(db):
    organisation = OrganizationFactory(name_fi="Huittisten Martat ry")
    site = SiteFactory(name_fi="Marttojen ruoka-apu", organizations=[organisation])
    service = ServiceFactory(
        organization=organisation,
        name_fi="Ruoka-apu",
        description_fi="Ruokakasseja torstaisin.",
        sites=[site],
    )
    return site, service


def public_pages(site, service) -> dict[str, str]:
    return {
        "home": "/fi/",
        "results": "/fi/?q=ruoka",
        "site": f"/fi/sites/{site.pk}/",
        "service": f"/fi/services/{service.pk}/",
        "map": "/fi/map/",
        "offer help": "/fi/offer-help/",
        "become a volunteer": "/fi/volunteer/sign-up/",
        "sign in": "/fi/accounts/login/",
    }


class NetworkLog:
    """Bytes per request from Chromium's DevTools network events."""

    def __init__(self, cdp):
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, float] = {}
        self.lock = threading.Lock()
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.send("Network.enable")

    def _request(self, event):
        with self.lock:
            self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event):
        with self.lock:
            self.bytes[event["requestId"]] = event["encodedDataLength"]

    def reset(self):
        with self.lock:
            self.urls.clear()
            self.bytes.clear()

    def transferred(self) -> tuple[int, dict[str, int]]:
        with self.lock:
            rows = {
                self.urls.get(rid, rid): int(size)
                for rid, size in self.bytes.items()
                if not any(host in self.urls.get(rid, "") for host in TILE_HOSTS)
            }
        return sum(rows.values()), rows


@pytest.fixture
def browser_page(chromium):
    # A fresh profile, no cache: every page is a first visit.
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    yield page, cdp
    context.close()


def test_resident_page_weight(server, places, browser_page):
    page, cdp = browser_page
    log = NetworkLog(cdp)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    over = {}
    for name, path in public_pages(*places).items():
        log.reset()
        page.goto(server + path, wait_until="networkidle")
        total, rows = log.transferred()
        assert total > 0, name
        print(f"{name}: {total / 1024:.1f} KB in {len(rows)} responses")  # shown with -s
        if total > BUDGET_BYTES:
            over[name] = (total, rows)
        if name == "map":
            # The map library is counted: it did load.
            assert any("leaflet" in url and url.endswith(".js") for url in rows), rows
    assert over == {}, over


def test_static_files_and_pages_arrive_compressed(server, places, browser_page):
    page, _cdp = browser_page
    encodings = {}

    def record(response):
        encodings[response.url] = response.headers.get("content-encoding")

    page.on("response", record)
    page.goto(server + f"/fi/sites/{places[0].pk}/", wait_until="networkidle")
    assert encodings[server + f"/fi/sites/{places[0].pk}/"] == "gzip"
    css = [url for url in encodings if "/static/web/site." in url]
    assert css and all(encodings[url] in ("gzip", "br") for url in css), encodings
    leaflet = [url for url in encodings if "/static/leaflet/leaflet." in url and ".js" in url]
    assert leaflet and all(encodings[url] in ("gzip", "br") for url in leaflet), encodings


def test_resident_low_bandwidth(server, places, browser_page):
    """Home, a result page and a site page, each usable within 10 s on 0.26 Mbit/s."""
    page, cdp = browser_page
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
    site, service = places
    for path in ("/fi/", "/fi/?q=ruoka", f"/fi/sites/{site.pk}/"):
        page.goto(server + path, wait_until="domcontentloaded", timeout=30_000)
        # Usable: the content is there and styled (the stylesheet has arrived), and the
        # search box or the place's name can be used.
        page.locator("main h1").wait_for()
        ready_ms = page.evaluate(
            "(() => { const n = performance.getEntriesByType('navigation')[0];"
            " return n.domContentLoadedEventEnd - n.startTime; })()"
        )
        styled = page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
        )
        assert styled == "rgb(0, 80, 158)", path
        print(f"{path}: usable after {ready_ms / 1000:.1f} s")  # shown with -s
        assert ready_ms < USABLE_WITHIN_MS, (path, ready_ms)
