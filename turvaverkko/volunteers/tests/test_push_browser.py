"""The push section of the profile page in a real browser.

Subscribing needs a real push service (Chromium's is Google's), which a test machine
offline cannot reach; test_push.py covers everything from the subscription on. Here: the
page registers the service worker at scope "/" under the site's CSP and offers the button,
and the worker shows a pushed alert (delivered by DevTools) with its answer buttons.
Clicking a notification's button cannot be driven from here.
"""

import pytest
from playwright.sync_api import expect

from turvaverkko.notify.management.commands.generate_vapid_keys import new_key_pair
from turvaverkko.volunteers import links
from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user):
    page.goto(f"{page.base}/en/volunteer/sign-in/{links.sign_in_token(user)}/")
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/volunteer/home/")
    page.goto(f"{page.base}/en/volunteer/profile/")


def test_profile_registers_the_service_worker_and_offers_push(page, personas, settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_key_pair()
    refused = []  # what the CSP blocked (a missing favicon is not our concern here)
    page.on("console", lambda m: refused.append(m.text) if "Refused" in m.text else None)
    page.context.grant_permissions(["notifications"], origin=page.base)
    sign_in(page, personas.ville)

    button = page.locator("[data-push] button")
    button.wait_for()
    assert button.inner_text() == "Turn on notifications on this device"
    assert page.locator("#push-status").inner_text() == "Notifications are off in this browser."
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{page.base}/"
    assert refused == []
    assert_no_axe_violations(page)


def test_profile_says_push_is_not_configured(page, personas, settings):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    sign_in(page, personas.ville)
    section = page.locator("h2#push + p")
    assert section.inner_text().startswith("Push notifications are not configured on this server.")
    assert page.locator("[data-push]").count() == 0


def test_the_service_worker_shows_a_pushed_alert_with_answer_buttons(page, personas, settings):
    """DevTools delivers a push message to the worker, as a push service would."""
    import json

    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_key_pair()
    page.context.grant_permissions(["notifications"], origin=page.base)
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    sign_in(page, personas.ville)
    page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    ours = set()
    for _ in range(150):  # DevTools reports the registration a little after the page sees it
        ours = {r["registrationId"] for r in registrations if r["scopeURL"] == f"{page.base}/"}
        if ours:
            break
        page.wait_for_timeout(100)
    assert len(ours) == 1, registrations
    [registration_id] = ours
    payload = {
        "title": "HARJOITUS: Hälytys",
        "body": "HARJOITUS Kokoontuminen VPK:lla klo 18.",
        "tag": "delivery-1",
        "lang": "fi",
        "url": f"{page.base}/hooks/r/token/yes",
        "actions": [
            {"action": "yes", "title": "Tulen", "url": f"{page.base}/hooks/r/token/yes"},
            {"action": "no", "title": "En tule", "url": f"{page.base}/hooks/r/token/no"},
        ],
    }
    # The worker must be activated before a push reaches it; DevTools drops a push that
    # arrives while it is still activating, so wait for that, and give a dropped push
    # (a loaded machine) two more chances, as a push service would redeliver.
    page.evaluate(
        """async () => {
          const reg = await navigator.serviceWorker.ready;
          const sw = reg.active;
          if (sw.state !== "activated") {
            await new Promise(r => sw.addEventListener("statechange", () => {
              if (sw.state === "activated") r();
            }));
          }
        }"""
    )
    shown = []
    for _attempt in range(3):
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": page.base, "registrationId": registration_id, "data": json.dumps(payload)},
        )
        shown = page.evaluate(
            """async () => {
              const reg = await navigator.serviceWorker.ready;
              for (let i = 0; i < 100; i++) {
                const list = await reg.getNotifications({tag: "delivery-1"});
                if (list.length) return list.map(n => ({
                  title: n.title, body: n.body, lang: n.lang, tag: n.tag,
                  actions: (n.actions || []).map(a => [a.action, a.title]), data: n.data}));
                await new Promise(r => setTimeout(r, 100));
              }
              return [];
            }"""
        )
        if shown:
            break
    assert len(shown) == 1, (shown, registrations)
    [notification] = shown
    assert notification["title"] == "HARJOITUS: Hälytys"
    assert notification["body"] == payload["body"] and notification["tag"] == "delivery-1"
    assert notification["data"]["url"] == payload["url"]
    assert notification["data"]["links"]["no"]["url"] == payload["actions"][1]["url"]
    assert notification["actions"] == [["yes", "Tulen"], ["no", "En tule"]]


def test_volunteer_is_told_when_the_push_service_cannot_be_reached(page, personas, settings):
    """This machine is offline, so Chromium's push service (Google's) cannot be reached:
    the profile says so within seconds, instead of "Just a moment…" for ever."""
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_key_pair()
    page.context.grant_permissions(["notifications"], origin=page.base)
    sign_in(page, personas.ville)
    button = page.locator("[data-push] button")
    button.click()
    status = page.locator("#push-status")
    # The script gives the push service 8 seconds (PUSH_SERVICE_WAIT); a margin for a busy
    # machine on top.
    expect(status).to_contain_text("cannot be reached right now", timeout=20_000)
    assert button.is_enabled()
    assert personas.ville.volunteer.push_subscriptions.count() == 0
