"""The security baseline every page shares, and the production settings.

Production checks run `manage.py` in a subprocess with DJANGO_ENV=production, exactly as an
operator would, because settings are read once per process.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from turvaverkko.accounts.testing import login_verified
from turvaverkko.notify.management.commands.generate_vapid_keys import new_key_pair

ROOT = Path(__file__).resolve().parents[3]
PAGES = ["/fi/accounts/login/", "/fi/accessibility/", "/sv/accounts/password/reset/"]


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Hashing is not the subject here (accounts/tests/test_login.py checks Argon2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_a_strict_content_security_policy(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "*" not in header.replace("https://tile.openstreetmap.org", "")


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_the_other_security_headers(client, db, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_signed_in_pages_have_no_inline_scripts_or_styles(client, personas):
    login_verified(client, personas.kaisa)
    for path in ["/fi/dashboard/", "/fi/accounts/", "/fi/accounts/two-factor/setup/"]:
        response = client.get(path)
        html = response.content.decode()
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert " style=" not in html, path
        assert "<script>" not in html, path
        assert "<style" not in html, path


def test_the_qr_code_is_allowed_by_the_policy(client, personas):
    client.force_login(personas.kaisa)
    response = client.get("/fi/accounts/two-factor/setup/")
    assert '<img src="data:image/svg+xml' in response.content.decode()
    assert "data:" in csp(response)["img-src"]


def test_session_and_csrf_cookies_are_http_only_and_same_site(client, personas):
    response = client.post(
        "/fi/accounts/login/",
        {"username": "olli@example.fi", "password": "correct horse battery"},
    )
    session = response.cookies["sessionid"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    assert 0 < int(session["max-age"]) <= 12 * 60 * 60


# Not inherited from the test process: the browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE,
# which no deployment would (and `check --deploy` rightly rejects).
NOT_INHERITED = {
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production_env(**overrides):
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    vapid_public, vapid_private = new_key_pair()
    env.update(
        VAPID_PUBLIC_KEY=vapid_public,
        VAPID_PRIVATE_KEY=vapid_private,
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="turvaverkko.example.fi",
        DEBUG="false",
        SMS_INBOUND_TOKEN=secrets.token_urlsafe(32),
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run(args, env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


def test_check_deploy_fails_without_inbound_sms_authentication():
    result = run(["manage.py", "check", "--deploy"], production_env(SMS_INBOUND_TOKEN=None))
    assert result.returncode != 0
    assert "notify.E001" in result.stderr and "SMS_INBOUND_TOKEN" in result.stderr
    signed = production_env(SMS_INBOUND_TOKEN=None, SMS_INBOUND_SIGNING_SECRET="s" * 40)
    assert run(["manage.py", "check", "--deploy"], signed).returncode == 0


def test_check_deploy_fails_when_two_factor_is_off_in_production():
    result = run(["manage.py", "check", "--deploy"], production_env(REQUIRE_2FA="false"))
    assert result.returncode != 0
    assert "accounts.E001" in result.stderr and "REQUIRE_2FA" in result.stderr


def test_production_refuses_the_default_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run(["-c", "import turvaverkko.wsgi"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run(["-c", "import turvaverkko.wsgi"], production_env(SECRET_KEY="short-key"))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


PRODUCTION_PROBE = """
import django
django.setup()
from django.conf import settings
from django.test import Client
c = Client()
plain = c.get("/fi/", headers={"host": "turvaverkko.example.fi"})
tls = c.get("/healthz", secure=True, headers={"host": "turvaverkko.example.fi"})
print("redirect", plain.status_code, plain.get("Location"))
print("hsts", tls.status_code, tls.get("Strict-Transport-Security"))
for name in ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
             "SECURE_PROXY_SSL_HEADER", "AXES_CLIENT_IP_CALLABLE"]:
    print(name, getattr(settings, name))
"""


def test_production_sends_https_only_and_hsts():
    env = production_env(DJANGO_SETTINGS_MODULE="turvaverkko.settings")
    result = run(["-c", PRODUCTION_PROBE], env)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert lines["redirect"] == "301 https://turvaverkko.example.fi/fi/"
    assert lines["hsts"] == "200 max-age=31536000; includeSubDomains; preload"
    assert lines["SESSION_COOKIE_SECURE"] == "True"
    assert lines["CSRF_COOKIE_SECURE"] == "True"
    assert lines["SECURE_SSL_REDIRECT"] == "True"
    assert lines["SECURE_PROXY_SSL_HEADER"] == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert lines["AXES_CLIENT_IP_CALLABLE"] == "turvaverkko.accounts.lockout.client_ip_behind_proxy"


def test_development_settings_do_not_force_https(settings):
    assert not settings.PRODUCTION
    assert not settings.SESSION_COOKIE_SECURE
    assert not settings.SECURE_SSL_REDIRECT
