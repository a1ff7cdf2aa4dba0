"""The user's own account page: roles, two-factor status and the API token."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from turvaverkko.accounts.middleware import RequireTwoFactorMiddleware

ACCOUNT = "/en/accounts/"


def main(response):
    html = response.content.decode()
    return html[html.index("<main") :]


def test_account_page_needs_sign_in(client, db):
    assert client.get(ACCOUNT)["Location"].startswith("/en/accounts/login/")


def test_account_page_shows_roles_and_two_factor_status(client_as, personas):
    html = main(client_as("kaisa").get(ACCOUNT))
    assert "kaisa@example.fi" in html
    assert "Municipal coordinator: Huittinen" in html
    assert "On: you confirm each sign-in" in html
    assert "Create an API token" in html


def test_account_page_of_a_volunteer_offers_optional_two_factor(client, personas):
    client.force_login(personas.ville)
    html = main(client.get(ACCOUNT))
    assert "You have no roles" in html
    assert "You can turn it on" in html
    assert "/en/accounts/two-factor/setup/" in html


def test_create_and_revoke_an_api_token(client_as, personas):
    client = client_as("kaisa")
    response = client.post("/en/accounts/api-token/")
    assert response.status_code == 302
    token = Token.objects.get(user=personas.kaisa)

    page = main(client.get(ACCOUNT))
    assert token.key in page
    user, _ = TokenAuthentication().authenticate_credentials(token.key)
    assert user == personas.kaisa
    # The key is shown once.
    assert token.key not in main(client.get(ACCOUNT))
    assert "You have a token created" in main(client.get(ACCOUNT))

    # A new token replaces the old one.
    client.post("/en/accounts/api-token/")
    assert not Token.objects.filter(key=token.key).exists()

    response = client.post("/en/accounts/api-token/revoke/", follow=True)
    assert "The API token was revoked" in main(response)
    assert not Token.objects.filter(user=personas.kaisa).exists()
    with pytest.raises(AuthenticationFailed):
        TokenAuthentication().authenticate_credentials(token.key)


def test_api_token_needs_two_factor_verification(personas):
    client = Client()
    client.force_login(personas.kaisa)
    response = client.post("/en/accounts/api-token/")
    assert response["Location"].startswith("/en/accounts/two-factor/")
    assert not Token.objects.exists()


def test_api_token_needs_verification_even_when_the_middleware_is_off(settings, personas):
    """Without REQUIRE_2FA nobody is sent to 2FA; the token still is not handed out."""
    settings.REQUIRE_2FA = False
    client = Client()
    client.force_login(personas.kaisa)
    assert "Create an API token" in main(client.get(ACCOUNT))
    settings.REQUIRE_2FA = True
    assert client.post("/en/accounts/api-token/").status_code == 302
    assert not Token.objects.exists()


def test_token_endpoints_accept_only_post(client_as, personas):
    client = client_as("olli")
    assert client.get("/en/accounts/api-token/").status_code == 405
    assert not Token.objects.exists()


def test_association_admin_gets_a_token_without_two_factor(client, personas):
    client.force_login(personas.olli)
    client.post("/en/accounts/api-token/")
    assert Token.objects.filter(user=personas.olli).exists()


def test_new_backup_codes_replace_the_old_ones(client_as, personas):
    from django_otp.plugins.otp_static.models import StaticToken

    client = client_as("kaisa")
    response = client.post("/en/accounts/two-factor/backup-codes/new/", follow=True)
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", main(response))
    assert len(codes) == 10
    client.post("/en/accounts/two-factor/backup-codes/new/")
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & set(codes)


def test_an_unverified_session_counts_as_anonymous_on_the_api(personas):
    """A session cookie alone (password, no second factor) must not open the private API."""
    seen = {}

    def view(request):
        seen["user"] = request.user
        return None

    request = RequestFactory().get("/api/organizations/")
    request.user = personas.kaisa
    request.user.is_verified = lambda: False
    RequireTwoFactorMiddleware(view)(request)
    assert isinstance(seen["user"], AnonymousUser)

    request = RequestFactory().get("/api/organizations/")
    request.user = personas.olli
    request.user.is_verified = lambda: False
    RequireTwoFactorMiddleware(view)(request)
    assert seen["user"] == personas.olli
