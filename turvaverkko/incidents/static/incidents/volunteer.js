/* A volunteer's home and alert pages: answers work offline.
   Each answer gets a client id and is put in a queue in localStorage before it is sent, so
   that a lost connection loses nothing; the queue is sent when the connection returns (and
   on every visit), one answer at a time, and an answer leaves the queue once the server has
   answered it. The server records a client id once, so sending twice does no harm.
   The service worker (/sw.js) keeps these pages readable offline. Without JavaScript the
   forms post as usual. */
(function () {
  "use strict";
  var KEY = "turvaverkko.queuedAnswers";
  var statusBox = document.querySelector("[data-queue-status]");
  var offlineNote = document.querySelector("[data-offline-note]");

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }

  function load() {
    try {
      var q = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(q) ? q : [];
    } catch (e) {
      return [];
    }
  }
  function save(q) {
    localStorage.setItem(KEY, JSON.stringify(q));
  }
  function remove(id) {
    save(load().filter(function (item) { return item.id !== id; }));
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }
  function say(text) {
    if (!statusBox || !text) return;
    statusBox.textContent = text;
    statusBox.hidden = false;
  }
  function showOffline() {
    if (!offlineNote) return;
    offlineNote.textContent = offlineNote.getAttribute("data-text-offline");
    offlineNote.hidden = navigator.onLine;
  }

  // Resolves with the server's JSON; rejects when it could not be reached (or failed), so
  // the answer stays queued. A 4xx (the alert closed, the answer refused) will never succeed:
  // the server's message is shown and the answer leaves the queue.
  function send(item) {
    return fetch(item.url, {
      method: "POST",
      body: new URLSearchParams(item.body),
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (response.status >= 200 && response.status < 500 && response.type !== "opaqueredirect") {
        return response.json().catch(function () { return {}; });
      }
      throw new Error("not sent: " + response.status);
    });
  }

  var flushing = false;
  function flush() {
    var queue = load();
    if (flushing || !queue.length) return;
    flushing = true;
    var item = queue[0];
    send(item)
      .then(function (data) {
        remove(item.id);
        say(statusBox && statusBox.getAttribute("data-text-sent"));
        if (data && data.message) say(data.message);
        flushing = false;
        flush();
      })
      .catch(function () {
        flushing = false;
      });
  }

  document.querySelectorAll("form[data-offline-answer]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = new FormData(form, event.submitter);
      var body = {};
      fields.forEach(function (value, name) { body[name] = value; });
      body.client_id = newId();
      var item = { id: body.client_id, url: form.action, body: body };
      var queue = load();
      queue.push(item);
      save(queue);
      send(item)
        .then(function (data) {
          remove(item.id);
          say(data.message);
          var state = form.parentNode.querySelector("[data-answer-state]");
          if (state && data.message) state.textContent = data.message;
        })
        .catch(function () {
          say(statusBox && statusBox.getAttribute("data-text-queued"));
        });
    });
  });

  window.addEventListener("online", function () { showOffline(); flush(); });
  window.addEventListener("offline", showOffline);
  showOffline();
  if (navigator.onLine) flush();
})();
