// "Notifications on this device": turns Web Push on and off for this browser.
// The profile page works without this script; it only adds the on/off button. The server
// side is views.push_subscribe / push_unsubscribe, the service worker is /sw.js (sw.js).
(function () {
  "use strict";
  var box = document.querySelector("[data-push]");
  if (!box) return;
  var status = document.getElementById(box.getAttribute("data-status"));
  function text(name) {
    return box.getAttribute("data-" + name) || "";
  }
  function say(message) {
    if (status) status.textContent = message;
  }
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say(text("unsupported"));
    return;
  }
  if (Notification.permission === "denied") {
    say(text("denied"));
    return;
  }

  // The VAPID public key arrives as base64url; subscribe() wants the raw bytes.
  function keyBytes(base64url) {
    var padded = base64url.replace(/-/g, "+").replace(/_/g, "/");
    padded += "====".slice(0, (4 - (padded.length % 4)) % 4);
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  // Endpoints the server sends to (not those it found gone).
  var known = [];
  try {
    known = JSON.parse(text("endpoints") || "[]");
  } catch (e) {
    known = [];
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": text("csrf") },
      body: JSON.stringify(data),
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (body) {
          if (!response.ok) throw new Error(body.error || String(response.status));
          return body;
        });
    });
  }

  // A push service that cannot be reached (a blocked network, a browser whose vendor's push
  // service is down) can leave subscribe() pending for minutes: after PUSH_SERVICE_WAIT the
  // volunteer is told so instead of "Just a moment…" forever.
  var PUSH_SERVICE_WAIT = 8000;
  var WHOLE_ACTION_WAIT = 20000;
  function within(ms, promise, reason) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () {
        reject(new Error(reason));
      }, ms);
      promise.then(
        function (value) {
          clearTimeout(timer);
          resolve(value);
        },
        function (error) {
          clearTimeout(timer);
          reject(error);
        }
      );
    });
  }

  var registration = null;
  var on = false;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-secondary";

  function show(isOn) {
    on = isOn;
    button.textContent = text(isOn ? "label-off" : "label-on");
    button.disabled = false;
  }

  function fail(error) {
    button.disabled = false;
    if (Notification.permission === "denied") {
      say(text("denied"));
    } else {
      say(text("failed") + " " + (error && error.message ? error.message : ""));
    }
  }

  function turnOn() {
    return Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") throw new Error("denied");
        return registration.pushManager.getSubscription();
      })
      .then(function (existing) {
        // A subscription the server does not use (it was found gone, or removed from
        // another device) is replaced by a fresh one.
        if (existing && known.indexOf(existing.endpoint) === -1) {
          return existing.unsubscribe().then(function () {
            return null;
          });
        }
        return existing;
      })
      .then(function (existing) {
        if (existing) return existing;
        // subscribe() needs an active worker; a worker registered just now may still be
        // installing.
        return navigator.serviceWorker.ready.then(function (ready) {
          var subscribing = ready.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(text("key")),
          });
          return within(PUSH_SERVICE_WAIT, subscribing, "unreachable").catch(function (error) {
            // AbortError: the browser's push service refused or could not be reached.
            if (error && error.name === "AbortError") throw new Error("unreachable");
            throw error;
          });
        });
      })
      .then(function (subscription) {
        return post(text("subscribe"), subscription.toJSON()).then(
          function () {
            known.push(subscription.endpoint);
            show(true);
            say(text("on"));
          },
          function (error) {
            // Keep the browser and the server in step: no subscription the server refused.
            return subscription.unsubscribe().then(function () {
              throw error;
            });
          }
        );
      });
  }

  function turnOff() {
    return registration.pushManager.getSubscription().then(function (subscription) {
      if (!subscription) {
        show(false);
        say(text("off"));
        return null;
      }
      return post(text("unsubscribe"), { endpoint: subscription.endpoint })
        .then(function () {
          return subscription.unsubscribe();
        })
        .then(function () {
          known = known.filter(function (endpoint) {
            return endpoint !== subscription.endpoint;
          });
          show(false);
          say(text("off"));
        });
    });
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    say(text("wait"));
    within(WHOLE_ACTION_WAIT, on ? turnOff() : turnOn(), "unreachable").catch(function (error) {
      if (error && error.message === "denied") {
        button.disabled = false;
        say(text("denied"));
        return;
      }
      if (error && error.message === "unreachable") {
        button.disabled = false;
        say(text("unreachable"));
        return;
      }
      fail(error);
    });
  });

  navigator.serviceWorker
    .register(text("worker"), { scope: "/" })
    .then(function (reg) {
      registration = reg;
      return reg.pushManager.getSubscription();
    })
    .then(function (subscription) {
      var isOn = Boolean(subscription && known.indexOf(subscription.endpoint) !== -1);
      show(isOn);
      box.appendChild(button);
      say(text(isOn ? "on" : "off"));
    })
    .catch(function (error) {
      say(text("failed") + " " + (error && error.message ? error.message : ""));
    });
})();
