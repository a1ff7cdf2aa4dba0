// Turvaverkko's service worker, served at /sw.js (scope: the whole site).
// It shows alerts that arrive by Web Push and answers them from the notification's
// buttons. The payload (notify/push/transport.py) is JSON:
//   {title, body, tag, lang, url?, actions?: [{action: "yes"|"no", title, url, done?}]}
// `url` opens when the notification itself is clicked; an action's `url` is a one-tap reply
// link, which records the answer on POST (a GET only shows a confirmation page).
// It also keeps a volunteer's home and the alert pages they opened readable offline
// (network first, the saved copy when there is no network); signing out deletes the copies.
"use strict";

var OFFLINE_CACHE = "turvaverkko-volunteer-v1";
var OFFLINE_PAGES = /^\/(fi|sv|en)\/volunteer\/(home|alerts\/\d+)\/$/;
// What those pages need besides themselves (hashed names in production).
var OFFLINE_ASSETS = /^\/static\/(web\/site|volunteers\/volunteers|incidents\/volunteer)\.[^/]*$/;

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && /\/accounts\/logout\/$/.test(url.pathname)) {
    event.waitUntil(caches.delete(OFFLINE_CACHE));
    return;
  }
  if (request.method !== "GET") return;
  var page = OFFLINE_PAGES.test(url.pathname);
  if (!page && !OFFLINE_ASSETS.test(url.pathname)) return;
  event.respondWith(
    fetch(request)
      .then(function (response) {
        // Not a redirect to the sign-in page, not an error page.
        if (response.ok && !response.redirected && response.type === "basic") {
          var copy = response.clone();
          event.waitUntil(
            caches.open(OFFLINE_CACHE).then(function (cache) {
              return cache.put(url.pathname, copy);
            })
          );
        }
        return response;
      })
      .catch(function () {
        return caches.match(url.pathname).then(function (saved) {
          return saved || Response.error();
        });
      })
  );
});

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function readPayload(event) {
  if (!event.data) return {};
  try {
    var data = event.data.json();
    return data && typeof data === "object" ? data : {};
  } catch (e) {
    return { body: event.data.text() };
  }
}

self.addEventListener("push", function (event) {
  var data = readPayload(event);
  var links = {};
  var buttons = [];
  (Array.isArray(data.actions) ? data.actions : []).forEach(function (a) {
    if (!a || (a.action !== "yes" && a.action !== "no") || typeof a.url !== "string") return;
    links[a.action] = { url: a.url, done: a.done || "" };
    buttons.push({ action: a.action, title: a.title || a.action });
  });
  var options = {
    body: data.body || "",
    lang: data.lang || "",
    // An alert stays on screen until the volunteer deals with it.
    requireInteraction: true,
    data: { title: data.title || "", url: data.url || "", links: links, lang: data.lang || "" },
  };
  if (data.tag) options.tag = data.tag; // a repeat of the same delivery replaces, not adds
  if (buttons.length) options.actions = buttons;
  event.waitUntil(self.registration.showNotification(data.title || "Turvaverkko", options));
});

function open(url) {
  if (!url) return Promise.resolve();
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].url === url && "focus" in list[i]) return list[i].focus();
    }
    return self.clients.openWindow(url);
  });
}

function answer(notification, link) {
  var data = notification.data || {};
  return fetch(link.url, { method: "POST", credentials: "omit", redirect: "follow" })
    .then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      if (!link.done) return null;
      // Replaces the alert (same tag) with a short confirmation.
      return self.registration.showNotification(data.title || "Turvaverkko", {
        body: link.done,
        lang: data.lang || "",
        tag: notification.tag || undefined,
      });
    })
    .catch(function () {
      // Not recorded (offline, the alert is closed…): open the reply page, which says why
      // and has its own button.
      return open(link.url);
    });
}

self.addEventListener("notificationclick", function (event) {
  var notification = event.notification;
  var data = notification.data || {};
  notification.close();
  var link = event.action && data.links ? data.links[event.action] : null;
  event.waitUntil(link ? answer(notification, link) : open(data.url));
});
