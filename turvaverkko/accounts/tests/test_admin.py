"""The Django admin demands the second factor, and admins can reset someone's 2FA."""

from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from turvaverkko.accounts.testing import current_code

ADMIN = "/en/admin/"


def test_admin_site_is_the_otp_admin_site(db):
    from django.contrib import admin
    from django_otp.admin import OTPAdminSite

    assert isinstance(admin.site, OTPAdminSite)


def test_verified_admin_reaches_the_admin(client_as, personas):
    response = client_as("admin").get(ADMIN)
    assert response.status_code == 200
    assert "/en/admin/accounts/user/" in response.content.decode()


def test_unverified_admin_is_sent_to_two_factor(personas):
    client = Client()
    client.force_login(personas.admin)
    response = client.get("/en/admin/accounts/user/")
    assert (
        response["Location"] == "/en/accounts/two-factor/?next=%2Fen%2Fadmin%2Faccounts%2Fuser%2F"
    )


def test_admin_requires_otp_even_without_the_middleware(settings, personas):
    settings.REQUIRE_2FA = False
    client = Client()
    client.force_login(personas.admin)
    response = client.get("/en/admin/accounts/user/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response["Location"].startswith("/en/accounts/two-factor/")


def test_admin_sign_in_uses_the_service_login(client, db):
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0] == "/en/accounts/login/?next=%2Fen%2Fadmin%2F"


def test_admin_login_then_code_leads_into_the_admin(client, personas):
    device = TOTPDevice.objects.create(user=personas.admin, name="authenticator")
    response = client.post(
        "/en/accounts/login/?next=/en/admin/",
        {"username": "admin@example.fi", "password": "correct horse battery", "next": ADMIN},
    )
    assert response["Location"] == "/en/accounts/two-factor/?next=%2Fen%2Fadmin%2F"
    response = client.post(response["Location"], {"code": current_code(device)})
    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_verified_non_staff_cannot_use_the_admin(client_as, personas):
    response = client_as("olli").get(ADMIN, follow=True)
    assert response.status_code == 403


def test_admin_resets_a_users_two_factor(client_as, personas):
    kaisa_device = TOTPDevice.objects.create(user=personas.kaisa, name="authenticator")
    StaticDevice.objects.create(user=personas.kaisa, name="backup")
    client = client_as("admin")
    response = client.post(
        "/en/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [personas.kaisa.pk]},
        follow=True,
    )
    assert "Two-factor authentication was reset for 1 user" in response.content.decode()
    assert not TOTPDevice.objects.filter(pk=kaisa_device.pk).exists()
    assert not StaticDevice.objects.filter(user=personas.kaisa).exists()

    # Kaisa's next sign-in goes to enrolment.
    kaisa = Client()
    kaisa.force_login(personas.kaisa)
    response = kaisa.get("/en/dashboard/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/en/accounts/two-factor/setup/")


def test_reset_two_factor_command(personas):
    TOTPDevice.objects.create(user=personas.admin, name="authenticator")
    call_command("reset_two_factor", "Admin@example.fi")
    assert not TOTPDevice.objects.filter(user=personas.admin).exists()


def test_admin_user_list_and_add_form_work_with_email_users(client_as, personas):
    client = client_as("admin")
    assert "kaisa@example.fi" in client.get("/en/admin/accounts/user/").content.decode()
    assert client.get("/en/admin/accounts/user/add/").status_code == 200
    response = client.post(
        "/en/admin/accounts/user/add/",
        {
            "email": "uusi@example.fi",
            "usable_password": "true",
            "password1": "pitkä ja hyvä salasana",
            "password2": "pitkä ja hyvä salasana",
        },
    )
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(email="uusi@example.fi").exists()
    page = client.get(f"/en/admin/accounts/user/{personas.kaisa.pk}/change/")
    assert page.status_code == 200
