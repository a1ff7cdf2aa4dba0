"""Coordinators invite association admins with an e-mailed link that works once."""

import re
import time
from urllib.parse import urlparse

import pytest
from django.core import signing
from django.test import Client

from turvaverkko.registry import actions
from turvaverkko.registry.invitations import SALT, InvitationError
from turvaverkko.registry.models import Invitation, RoleAssignment


def link_in(body):
    return urlparse(re.search(r"https?://\S+/organisations/invitations/\S+/", body).group(0)).path


def invite(client_as, personas, email, django_capture_on_commit_callbacks, run_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("kaisa").post(
            f"/en/organisations/{personas.olli_org.pk}/invite/", {"email": email}
        )
    assert response.status_code == 302
    assert run_tasks() == 1
    return Invitation.objects.get(email=email.lower())


def test_invitation_arrives_and_its_link_works_once(
    client_as, personas, smtp_server, django_capture_on_commit_callbacks, run_tasks
):
    invitation = invite(
        client_as, personas, "Uusi.Admin@Example.fi", django_capture_on_commit_callbacks, run_tasks
    )
    assert invitation.sent_at is not None and invitation.accepted_at is None

    [message] = smtp_server.to("uusi.admin@example.fi")
    assert "Huittisten Martat ry" in message["Subject"]
    body = smtp_server.bodies()[0]
    assert "Kaisa Käyttäjä invites you" in body
    assert "expires in 14 days" in body
    path = link_in(body)

    visitor = Client()
    page = visitor.get(path)
    assert page.status_code == 200
    assert "Create your account" in page.content.decode()
    response = visitor.post(
        path,
        {
            "first_name": "Uuno",
            "last_name": "Uusi",
            "password1": "pitkä salasana 2026",
            "password2": "pitkä salasana 2026",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/organisations/{personas.olli_org.pk}/"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.accepted_by.email == "uusi.admin@example.fi"
    assert RoleAssignment.objects.filter(
        user=invitation.accepted_by,
        role=RoleAssignment.Role.ASSOCIATION_ADMIN,
        organization=personas.olli_org,
    ).exists()
    # Signed in as the new admin, who may now edit the organisation.
    assert visitor.get(f"/en/organisations/{personas.olli_org.pk}/edit/").status_code == 200
    assert invitation.accepted_by.check_password("pitkä salasana 2026")

    again = Client().get(path)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert RoleAssignment.objects.filter(user=invitation.accepted_by).count() == 1


def test_an_existing_user_accepts_with_one_button(
    client_as, personas, smtp_server, django_capture_on_commit_callbacks, run_tasks
):
    invite(client_as, personas, "ville@example.fi", django_capture_on_commit_callbacks, run_tasks)
    path = link_in(smtp_server.bodies()[0])
    visitor = Client()
    assert "You already have an account" in visitor.get(path).content.decode()
    response = visitor.post(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert personas.ville.role_assignments.get().organization == personas.olli_org


def test_an_expired_link_is_refused(personas):
    invitation = Invitation.objects.create(
        organization=personas.olli_org, email="myohassa@example.fi", invited_by=personas.kaisa
    )

    class FifteenDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 15 * 86400)

    token = FifteenDaysAgo(salt=SALT).sign_object(
        {"invitation": invitation.pk, "email": invitation.email}
    )
    response = Client().get(f"/en/organisations/invitations/{token}/")
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    response = Client().post(
        f"/en/organisations/invitations/{token}/",
        {"first_name": "A", "last_name": "B", "password1": "x" * 12, "password2": "x" * 12},
    )
    assert response.status_code == 410
    assert not RoleAssignment.objects.filter(user__email="myohassa@example.fi").exists()


def test_a_tampered_link_is_refused(personas):
    invitation = Invitation.objects.create(
        organization=personas.olli_org, email="a@example.fi", invited_by=personas.kaisa
    )
    token = signing.TimestampSigner(salt=SALT).sign_object(
        {"invitation": invitation.pk, "email": invitation.email}
    )
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = Client().get(f"/en/organisations/invitations/{forged}/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_accepting_twice_at_once_creates_one_role(personas):
    invitation = Invitation.objects.create(
        organization=personas.olli_org, email="kaksi@example.fi", invited_by=personas.kaisa
    )
    stale_copy = Invitation.objects.get(pk=invitation.pk)
    actions.accept_invitation(invitation, password="pitkä salasana 2026")
    with pytest.raises(InvitationError):
        actions.accept_invitation(stale_copy, password="toinen salasana 2026")
    assert RoleAssignment.objects.filter(user__email="kaksi@example.fi").count() == 1


def test_an_existing_admin_is_not_invited_again(client_as, personas):
    response = client_as("kaisa").post(
        f"/en/organisations/{personas.olli_org.pk}/invite/", {"email": "olli@example.fi"}
    )
    assert response.status_code == 200
    assert "already an admin" in response.content.decode()
    assert not Invitation.objects.exists()


def test_weak_passwords_are_refused(personas):
    invitation = Invitation.objects.create(
        organization=personas.olli_org, email="heikko@example.fi", invited_by=personas.kaisa
    )
    token = signing.TimestampSigner(salt=SALT).sign_object(
        {"invitation": invitation.pk, "email": invitation.email}
    )
    response = Client().post(
        f"/en/organisations/invitations/{token}/",
        {"first_name": "H", "last_name": "K", "password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
