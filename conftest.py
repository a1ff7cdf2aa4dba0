"""Personas of product.md, shared by every app's tests.

Huittinen (102, Satakunta) is "this" municipality, Muonio (498, Lapland) the other one.
"""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
import time_machine

from turvaverkko.accounts.testing import complete_two_factor, login_verified
from turvaverkko.areas.tests.factories import MunicipalityFactory, RegionFactory, muonio
from turvaverkko.registry.models import RoleAssignment
from turvaverkko.registry.tests.factories import (
    ContactPersonFactory,
    OrganizationFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from turvaverkko.volunteers.tests.factories import VolunteerFactory

Role = RoleAssignment.Role


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language (Finnish), whatever an earlier test did."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that check hashing ask for the project's hashers."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        # Passwords stored before the test (e.g. the session-wide demo data) still verify.
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


@pytest.fixture
def personas(db):
    return make_personas()


def make_personas():
    """The personas' users, roles, organisations and municipalities (see `personas`); also
    called once per module by tests that share one database set-up across many requests."""
    huittinen = MunicipalityFactory()
    other_municipality = muonio()
    olli_org = OrganizationFactory(name_fi="Huittisten Martat ry", municipalities=[huittinen])
    other_org = OrganizationFactory(
        name_fi="Muonion Kyläyhdistys ry", municipalities=[other_municipality]
    )
    primary = ContactPersonFactory(organization=olli_org, position=0, name="Olli Yhteys")
    deputy = ContactPersonFactory(organization=olli_org, position=1, name="Outi Varahenkilö")
    other_contact = ContactPersonFactory(organization=other_org, position=0, name="Ulla Muonio")

    ville = UserFactory(email="ville@example.fi", first_name="Ville")
    olli = UserFactory(email="olli@example.fi", first_name="Olli")
    ulla = UserFactory(email="ulla@example.fi", first_name="Ulla")
    kaisa = UserFactory(email="kaisa@example.fi", first_name="Kaisa")
    mikko = UserFactory(email="mikko@example.fi", first_name="Mikko")
    reetta = UserFactory(email="reetta@example.fi", first_name="Reetta")
    admin = UserFactory(email="admin@example.fi", first_name="Admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()

    RoleAssignmentFactory(user=olli, role=Role.ASSOCIATION_ADMIN, organization=olli_org)
    RoleAssignmentFactory(user=ulla, role=Role.ASSOCIATION_ADMIN, organization=other_org)
    RoleAssignmentFactory(user=kaisa, role=Role.MUNICIPAL_COORDINATOR, municipality=huittinen)
    RoleAssignmentFactory(
        user=mikko, role=Role.MUNICIPAL_COORDINATOR, municipality=other_municipality
    )
    RoleAssignmentFactory(user=reetta, role=Role.REGIONAL_COORDINATOR, region=RegionFactory())
    RoleAssignmentFactory(user=admin, role=Role.ADMIN)
    ville_profile = VolunteerFactory(user=ville, home_municipality=huittinen)

    return SimpleNamespace(
        huittinen=huittinen,
        other_municipality=other_municipality,
        olli_org=olli_org,
        other_org=other_org,
        primary_contact=primary,
        deputy_contact=deputy,
        other_contact=other_contact,
        ville=ville,
        ville_profile=ville_profile,
        olli=olli,
        ulla=ulla,
        kaisa=kaisa,
        mikko=mikko,
        reetta=reetta,
        admin=admin,
    )


PERSONA_NAMES = ["anonymous", "ville", "olli", "ulla", "kaisa", "mikko", "reetta", "admin"]


@pytest.fixture
def client_as(client, personas):
    """client_as("kaisa") returns a test client logged in (with 2FA verified) as Kaisa."""

    def _client_as(name):
        from django.test import Client

        c = Client()
        if name != "anonymous":
            login_verified(c, getattr(personas, name))
        return c

    return _client_as


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 (notify.testing's sink, keeping every message);
    Django's SMTP backend sends into it. `.messages`, `.bodies()`, `.to(address)`."""
    from turvaverkko.notify.testing import CountingSmtpSink

    sink = CountingSmtpSink(keep=None).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()


# --- Browser tests: Debian's Chromium driven by Playwright, never a downloaded browser ---

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def chromium():
    import os

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make between page actions are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser context on a phone-sized screen; page.base is the live server URL."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI")
    pg = context.new_page()
    pg.base = live_server.url
    yield pg
    context.close()


@pytest.fixture
def login_page(page):
    """login_page(user) signs the browser in through the real login form, then passes the
    second factor (enrolling if needed) unless two_factor=False."""

    def _login(user, password="correct horse battery", lang="fi", two_factor=True):
        page.goto(f"{page.base}/{lang}/accounts/login/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        if two_factor:
            complete_two_factor(page, user)
        return page

    return _login


def pytest_addoption(parser):
    parser.addoption(
        "--clock-at",
        metavar="INSTANT",
        help="start the wall clock of this test process at an ISO 8601 instant (UTC unless it "
        "says otherwise) and let it tick: `make test-clock`. Sleeps, time-outs and the "
        "monotonic clock are untouched.",
    )


def pytest_configure(config):
    # No search index warm-up thread in the test process: test_schemathesis imports
    # turvaverkko.wsgi for its WSGI app, which (DIRECTORY_WARM_UP, on by default) started a
    # "directory-index" thread that queried the database outside any test ("Database access
    # not allowed") and made every later aged index rebuild in a thread of its own. The
    # processes tests start (gunicorn, manage.py) keep the default, as served ones do.
    from django.conf import settings

    settings.DIRECTORY_WARM_UP = False
    instant = config.getoption("--clock-at")
    if not instant:
        return
    try:
        moment = datetime.fromisoformat(instant)
    except ValueError:
        raise pytest.UsageError(f"--clock-at: not an ISO 8601 instant: {instant!r}") from None
    traveller = time_machine.travel(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    traveller.start()
    config.add_cleanup(traveller.stop)
