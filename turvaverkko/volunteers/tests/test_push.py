"""Web Push for volunteers, end to end against a real local push service.

A volunteer turns push on (the endpoints push.js calls), an activation sends through the
real delivery worker into PushServiceStub, and the test decrypts what arrived as the
browser would, then answers through the reply link the notification's button uses.
"""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from turvaverkko.incidents import actions as incident_actions
from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.models import Incident
from turvaverkko.notify.management.commands.generate_vapid_keys import new_key_pair
from turvaverkko.notify.models import Delivery
from turvaverkko.notify.push.testing import PushServiceStub, Subscriber, b64url, verify_vapid
from turvaverkko.registry.tests.factories import UserFactory
from turvaverkko.volunteers import actions, housekeeping
from turvaverkko.volunteers.models import PushSubscription
from turvaverkko.volunteers.push import parse_subscription
from turvaverkko.volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/en/volunteer/profile/push/subscribe/"
UNSUBSCRIBE = "/en/volunteer/profile/push/unsubscribe/"
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"


@pytest.fixture
def vapid(settings):
    """Keys made by the management command's own function; DEBUG lets endpoints be http to
    127.0.0.1 (the stub), as the endpoint rule in volunteers/push.py says."""
    public, private = new_key_pair()
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = public, private
    settings.DEBUG = True
    return public


@pytest.fixture
def push_service():
    with PushServiceStub() as stub:
        yield stub


@pytest.fixture
def ville(personas):
    return personas.ville_profile


def post_json(client, url, data, **extra):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(url, body, content_type="application/json", **extra)


def subscribe(client, subscriber):
    return post_json(client, SUBSCRIBE, subscriber.subscription(), HTTP_USER_AGENT=FIREFOX_ANDROID)


def deliver_push(django_capture_on_commit_callbacks):
    from turvaverkko.notify.worker import run_channels

    with django_capture_on_commit_callbacks(execute=True):
        return run_channels(["push"], until="idle")


def activate(personas, *, exercise=False):
    incident = Incident.objects.filter(title="Myrsky Huittisissa").first()
    if incident is None:
        incident = incident_actions.open_incident(
            user=personas.kaisa,
            municipalities=[personas.huittinen],
            title="Myrsky Huittisissa",
            type=Incident.Type.STORM,
            severity=Incident.Severity.SEVERE,
            is_exercise=exercise,
        )
    return alerting.activate(
        incident,
        user=personas.kaisa,
        message="Kokoontuminen VPK:lla klo 18, ota otsalamppu.",
        volunteer_count=5,
    )


def push_deliveries(activation, volunteer):
    recipient = activation.recipients.get(volunteer=volunteer)
    return Delivery.objects.filter(recipient_key=recipient.recipient_key, channel="push")


# --- Turning push on and off ----------------------------------------------------------------


def test_subscribing_stores_the_browser_and_adds_push_to_the_channels(
    client_as, ville, vapid, push_service
):
    browser = Subscriber(push_service.endpoint("ville-phone"))
    response = subscribe(client_as("ville"), browser)
    assert response.status_code == 201
    assert response.json() == {"status": "subscribed", "channels": ["sms", "email", "push"]}
    stored = PushSubscription.objects.get(volunteer=ville)
    assert stored.endpoint == browser.endpoint
    assert stored.auth == browser.subscription()["keys"]["auth"]
    assert stored.user_agent == "Firefox – Android"
    assert stored.failing_since is None and stored.last_success_at is None

    # The same browser again: still one subscription, push still listed once.
    assert subscribe(client_as("ville"), browser).status_code == 201
    ville.refresh_from_db()
    assert PushSubscription.objects.count() == 1 and ville.channels.count("push") == 1


def test_the_endpoints_need_the_csrf_token_the_profile_page_gives(ville, vapid, push_service):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ville.user)
    browser = Subscriber(push_service.endpoint("x"))
    assert subscribe(client, browser).status_code == 403
    page = client.get("/en/volunteer/profile/").content.decode()
    token = page.split('data-csrf="', 1)[1].split('"', 1)[0]
    response = post_json(client, SUBSCRIBE, browser.subscription(), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "fields", "message"),
    [
        ("{not json", [], "The request is not valid JSON."),
        ("[" * 2000 + "]" * 2000, [], "The request is not valid JSON."),  # not a 500
        ("[]", ["subscription"], "Expected a JSON object."),
        ({"endpoint": "https://fcm.googleapis.com/fcm/send/x"}, ["keys.p256dh", "keys.auth"], ""),
        # http is for the local stub only, never to a host elsewhere, even with DEBUG.
        ({"endpoint": "http://push.example.com/p/1"}, ["endpoint"], "must use https"),
        ({"endpoint": "https://10.1.2.3/p/1"}, ["endpoint"], "on the internet"),
        ({"endpoint": "https://127.1/p/1"}, ["endpoint"], "on the internet"),
        ({"endpoint": "https://intranet/p/1"}, ["endpoint"], "on the internet"),
        ({"endpoint": "ftp://push.example.com/1"}, ["endpoint"], "not a valid URL"),
        ({"endpoint": "https://push.example.com/" + "x" * 1000}, ["endpoint"], "too long"),
    ],
)
def test_invalid_subscriptions_are_refused_with_every_reason(
    client_as, ville, vapid, push_service, body, fields, message
):
    browser = Subscriber(push_service.endpoint("ok"))
    if isinstance(body, dict):
        body = {**browser.subscription(), **body}
        if fields and fields[0].startswith("keys"):
            body["keys"] = {"p256dh": "not base64!", "auth": b64url(b"short")}
    response = post_json(client_as("ville"), SUBSCRIBE, body)
    assert response.status_code == 400
    data = response.json()
    assert message in data["error"]
    assert sorted(data.get("errors", {})) == sorted(fields)
    assert not PushSubscription.objects.exists()
    ville.refresh_from_db()
    assert "push" not in ville.channels


def test_a_key_that_is_no_point_on_the_curve_is_refused(client_as, ville, vapid, push_service):
    body = Subscriber(push_service.endpoint("ok")).subscription()
    body["keys"]["p256dh"] = b64url(b"\x04" + b"\x01" * 64)
    response = post_json(client_as("ville"), SUBSCRIBE, body)
    assert response.status_code == 400 and list(response.json()["errors"]) == ["keys.p256dh"]


def test_loopback_http_endpoints_only_with_debug(settings, client_as, ville, vapid, push_service):
    settings.DEBUG = False
    browser = Subscriber(push_service.endpoint("local"))
    response = subscribe(client_as("ville"), browser)
    assert response.status_code == 400 and "endpoint" in response.json()["errors"]
    settings.DEBUG = True
    assert subscribe(client_as("ville"), browser).status_code == 201


def test_an_https_push_service_endpoint_is_accepted_without_debug(
    settings, client_as, ville, vapid, push_service
):
    settings.DEBUG = False
    body = Subscriber(push_service.endpoint("x")).subscription()
    body["endpoint"] = "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABn"
    assert post_json(client_as("ville"), SUBSCRIBE, body).status_code == 201


@pytest.mark.parametrize(("persona", "status"), [("anonymous", 403), ("kaisa", 404)])
def test_only_a_signed_in_volunteer_can_subscribe(client_as, vapid, push_service, persona, status):
    response = subscribe(client_as(persona), Subscriber(push_service.endpoint("x")))
    assert response.status_code == status and response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_subscribing_is_refused_when_push_is_not_configured(
    settings, client_as, ville, push_service
):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    response = subscribe(client_as("ville"), Subscriber(push_service.endpoint("x")))
    assert response.status_code == 503 and "not configured" in response.json()["error"]


def test_unsubscribing_the_last_browser_removes_push_from_the_channels(
    client_as, ville, vapid, push_service
):
    client = client_as("ville")
    phone, laptop = (Subscriber(push_service.endpoint(n)) for n in ("phone", "laptop"))
    subscribe(client, phone)
    subscribe(client, laptop)
    response = post_json(client, UNSUBSCRIBE, {"endpoint": phone.endpoint})
    assert response.json() == {"status": "unsubscribed", "channels": ["sms", "email", "push"]}
    response = post_json(client, UNSUBSCRIBE, {"endpoint": laptop.endpoint})
    assert response.json() == {"status": "unsubscribed", "channels": ["sms", "email"]}
    assert not PushSubscription.objects.exists()
    # Again (the browser retries): nothing left to remove, no error.
    response = post_json(client, UNSUBSCRIBE, {"endpoint": laptop.endpoint})
    assert response.status_code == 200 and response.json()["status"] == "not_found"
    assert post_json(client, UNSUBSCRIBE, "{}").status_code == 400


def test_another_volunteer_cannot_remove_villes_browser(client_as, ville, vapid, push_service):
    browser = Subscriber(push_service.endpoint("ville"))
    subscribe(client_as("ville"), browser)
    other = VolunteerFactory(user=UserFactory(email="toinen@example.fi"))
    client = Client()
    client.force_login(other.user)
    response = post_json(client, UNSUBSCRIBE, {"endpoint": browser.endpoint})
    assert response.json()["status"] == "not_found"
    assert client_as("olli").post(UNSUBSCRIBE, {"endpoint": browser.endpoint}).status_code == 404
    assert PushSubscription.objects.filter(volunteer=ville).count() == 1


def test_a_shared_browser_moves_to_the_volunteer_who_subscribes_in_it(
    client_as, ville, vapid, push_service
):
    browser = Subscriber(push_service.endpoint("library-pc"))
    subscribe(client_as("ville"), browser)
    other = VolunteerFactory(user=UserFactory(email="toinen@example.fi"), channels=["email"])
    client = Client()
    client.force_login(other.user)
    assert subscribe(client, browser).status_code == 201
    ville.refresh_from_db()
    other.refresh_from_db()
    assert PushSubscription.objects.get().volunteer == other
    assert "push" not in ville.channels and other.channels == ["email", "push"]


# --- The profile page and the service worker ------------------------------------------------


def test_profile_offers_push_with_the_public_key_and_lists_devices(
    client_as, ville, vapid, push_service
):
    client = client_as("ville")
    subscribe(client, Subscriber(push_service.endpoint("phone")))
    page = client.get("/en/volunteer/profile/").content.decode()
    assert "Notifications on this device" in page
    assert f'data-key="{vapid}"' in page
    assert 'data-worker="/sw.js"' in page and f'data-subscribe="{SUBSCRIBE}"' in page
    assert "/static/volunteers/push.js" in page
    assert "Firefox – Android" in page and push_service.endpoint("phone") in page


def test_profile_says_when_push_is_not_configured(settings, client_as, ville):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    page = client_as("ville").get("/en/volunteer/profile/").content.decode()
    assert "Notifications on this device" in page
    assert "Push notifications are not configured on this server." in page
    assert "data-push" not in page and "push.js" not in page


def test_a_device_can_be_removed_without_javascript(client_as, ville, vapid, push_service):
    client = client_as("ville")
    browser = Subscriber(push_service.endpoint("old-phone"))
    subscribe(client, browser)
    response = client.post(UNSUBSCRIBE, {"endpoint": browser.endpoint}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/en/volunteer/profile/")
    assert "That device no longer gets notifications." in response.content.decode()
    assert not PushSubscription.objects.exists()


def test_service_worker_is_served_at_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert 'addEventListener("push"' in body and 'addEventListener("notificationclick"' in body
    # The worker's own fetches (the answer buttons) stay within the site's CSP.
    assert "connect-src 'self'" in response["Content-Security-Policy"]
    assert client.post("/sw.js").status_code == 405


# --- Alerts by push -------------------------------------------------------------------------


def test_an_exercise_alert_arrives_encrypted_and_its_button_answers(
    client_as, personas, ville, vapid, push_service, django_capture_on_commit_callbacks
):
    browser = Subscriber(push_service.endpoint("ville-phone"))
    subscribe(client_as("ville"), browser)
    activation = activate(personas, exercise=True)
    [delivery] = push_deliveries(activation, ville)
    assert deliver_push(django_capture_on_commit_callbacks)["sent"] == 1

    [request] = push_service.received("ville-phone")
    payload = browser.decrypt(request)
    assert payload["title"] == "HARJOITUS: Hälytys"
    assert payload["body"].startswith("HARJOITUS Kokoontuminen VPK:lla klo 18")
    assert len(payload["body"]) <= 160
    assert payload["lang"] == "fi" and payload["tag"] == str(delivery.key)
    assert [(a["action"], a["title"]) for a in payload["actions"]] == [
        ("yes", "Tulen"),
        ("no", "En tule"),
    ]
    assert payload["url"] == payload["actions"][0]["url"]
    valid, key, _claims = verify_vapid(request.headers["authorization"])
    assert valid and key == vapid

    # The "yes" button POSTs its link, as the service worker does.
    yes = payload["actions"][0]["url"]
    assert yes.startswith("http://127.0.0.1:8000/hooks/r/")
    assert Client().post(yes.removeprefix("http://127.0.0.1:8000")).status_code == 200
    recipient = activation.recipients.get(volunteer=ville)
    assert recipient.answer == "yes"
    assert payload["actions"][0]["done"] == "Vastaus tallennettu: tulet."
    stored = PushSubscription.objects.get()
    assert stored.last_success_at is not None and stored.failing_since is None


def test_one_push_per_alert_to_the_newest_working_browser(
    client_as, personas, ville, vapid, push_service, django_capture_on_commit_callbacks
):
    client = client_as("ville")
    laptop, phone = (Subscriber(push_service.endpoint(n)) for n in ("laptop", "phone"))
    subscribe(client, laptop)
    subscribe(client, phone)
    PushSubscription.objects.filter(endpoint=laptop.endpoint).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    activation = activate(personas)
    [delivery] = push_deliveries(activation, ville)
    assert json.loads(delivery.address)["endpoint"] == phone.endpoint
    deliver_push(django_capture_on_commit_callbacks)
    assert len(push_service.received("phone")) == 1 and push_service.received("laptop") == []
    payload = phone.decrypt(push_service.received("phone")[0])
    assert payload["title"] == "Hälytys" and "HARJOITUS" not in payload["body"]


def test_a_gone_subscription_is_marked_failing_and_never_used_again(
    client_as, personas, ville, vapid, push_service, django_capture_on_commit_callbacks
):
    client = client_as("ville")
    laptop, phone = (Subscriber(push_service.endpoint(n)) for n in ("laptop", "phone"))
    subscribe(client, laptop)
    subscribe(client, phone)
    PushSubscription.objects.filter(endpoint=laptop.endpoint).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    push_service.answers["phone"] = 410

    first = activate(personas)
    deliver_push(django_capture_on_commit_callbacks)
    [failed] = push_deliveries(first, ville)
    assert failed.state == Delivery.State.FAILED and failed.permanent_failure
    gone = PushSubscription.objects.get(endpoint=phone.endpoint)
    assert gone.failing_since is not None

    second = activate(personas)
    [delivery] = push_deliveries(second, ville)
    assert json.loads(delivery.address)["endpoint"] == laptop.endpoint
    deliver_push(django_capture_on_commit_callbacks)
    assert len(push_service.received("phone")) == 1  # only the first alert's attempt
    assert len(push_service.received("laptop")) == 1

    # The profile says which device stopped working; push.js will not count it as "on".
    page = client.get("/en/volunteer/profile/").content.decode()
    assert "stopped working on" in page
    assert phone.endpoint not in page.split('data-endpoints="', 1)[1].split('"', 1)[0]

    # With no live browser left the alert goes by the other channels only.
    PushSubscription.objects.filter(endpoint=laptop.endpoint).update(failing_since=timezone.now())
    third = activate(personas)
    assert not push_deliveries(third, ville).exists()
    recipient = third.recipients.get(volunteer=ville)
    channels = set(
        Delivery.objects.filter(recipient_key=recipient.recipient_key).values_list(
            "channel", flat=True
        )
    )
    assert channels == {"sms", "email"}


def test_push_only_volunteer_without_a_live_browser_still_gets_a_text_message(
    client_as, personas, ville, vapid, push_service
):
    ville.channels = ["push"]
    ville.save()
    activation = activate(personas)
    recipient = activation.recipients.get(volunteer=ville)
    [delivery] = Delivery.objects.filter(recipient_key=recipient.recipient_key)
    assert delivery.channel == "sms"


def test_without_push_in_the_channels_a_subscription_is_not_used(
    client_as, personas, ville, vapid, push_service
):
    subscribe(client_as("ville"), Subscriber(push_service.endpoint("phone")))
    ville.refresh_from_db()
    ville.channels = ["sms"]  # unticked on the profile form
    ville.save()
    assert not push_deliveries(activate(personas), ville).exists()


# --- The volunteer's data -------------------------------------------------------------------


def test_export_contains_the_push_subscriptions(client_as, ville, vapid, push_service):
    browser = Subscriber(push_service.endpoint("phone"))
    subscribe(client_as("ville"), browser)
    data = json.loads(client_as("ville").get("/fi/volunteer/profile/export/").content)
    [device] = data["push_subscriptions"]
    assert device["endpoint"] == browser.endpoint
    assert device["keys"] == browser.subscription()["keys"]
    assert device["browser"] == "Firefox – Android"
    assert device["created_at"] and device["failing_since"] is None


def test_erasure_and_anonymisation_remove_the_push_subscriptions(
    client_as, personas, ville, vapid, push_service, settings
):
    client = client_as("ville")
    subscribe(client, Subscriber(push_service.endpoint("ville")))
    assert client.post("/fi/volunteer/profile/erase/").status_code == 302
    assert not PushSubscription.objects.exists()

    silent = VolunteerFactory(user=UserFactory(email="hiljainen@example.fi"))
    subscription = parse_subscription(Subscriber(push_service.endpoint("silent")).subscription())
    actions.subscribe_push(silent, subscription)
    long_ago = timezone.now() - timedelta(days=settings.VOLUNTEER_INACTIVE_DAYS + 60)
    type(silent).objects.filter(pk=silent.pk).update(
        last_active_at=long_ago, inactivity_reminder_sent_at=long_ago
    )
    assert housekeeping.run()["anonymised"] == 1
    assert not PushSubscription.objects.exists()


# --- VAPID keys for the demo ------------------------------------------------------------------


def test_generated_vapid_keys_sign_pushes_that_verify(
    tmp_path, settings, client_as, personas, ville, push_service, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    call_command("generate_vapid_keys", file=tmp_path / "vapid.env", stdout=out)
    kept = (tmp_path / "vapid.env").read_text()
    values = dict(line.split("=", 1) for line in kept.splitlines())
    assert set(values) == {"VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY"}
    # the terminal shows the public key only; the private one stays in the file
    assert values["VAPID_PUBLIC_KEY"] in out.getvalue()
    assert values["VAPID_PRIVATE_KEY"] not in out.getvalue()
    # Kept: a second run reuses the same pair (subscriptions survive a demo restart).
    call_command("generate_vapid_keys", file=tmp_path / "vapid.env", stdout=io.StringIO())
    assert (tmp_path / "vapid.env").read_text() == kept
    assert (tmp_path / "vapid.env").stat().st_mode & 0o077 == 0
    printed = io.StringIO()
    call_command("generate_vapid_keys", stdout=printed)  # without a file: printed, for .env
    assert set(dict(x.split("=", 1) for x in printed.getvalue().splitlines())) == set(values)

    settings.VAPID_PUBLIC_KEY = values["VAPID_PUBLIC_KEY"]
    settings.VAPID_PRIVATE_KEY = values["VAPID_PRIVATE_KEY"]
    settings.DEBUG = True
    browser = Subscriber(push_service.endpoint("demo"))
    subscribe(client_as("ville"), browser)
    activate(personas)
    deliver_push(django_capture_on_commit_callbacks)
    [request] = push_service.received("demo")
    valid, key, _claims = verify_vapid(request.headers["authorization"])
    assert valid and key == values["VAPID_PUBLIC_KEY"]
    assert browser.decrypt(request)["title"] == "Hälytys"
