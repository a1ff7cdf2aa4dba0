// Tallies queued on the phone: each gets a UUID here, waits in localStorage until the server
// has it, and is sent once (the server ignores an id it has seen). Without JavaScript the form
// posts one tally at a time.
(function () {
  "use strict";
  var form = document.getElementById("tally-form");
  if (!form || !window.localStorage || !window.fetch) return;
  var key = "outreach-tallies:" + form.dataset.url;
  var queueLabel = document.getElementById("tally-queue");
  var countLabel = document.getElementById("tally-count");
  function load() { try { return JSON.parse(localStorage.getItem(key)) || []; } catch (e) { return []; } }
  function save(q) { localStorage.setItem(key, JSON.stringify(q)); show(q); }
  function show(q) { queueLabel.textContent = q.length ? q.length + " " + queueLabel.dataset.queuedLabel : ""; }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }
  var sending = false;
  function flush() {
    var q = load();
    if (!q.length || sending || !navigator.onLine) return;
    sending = true;
    fetch(form.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json",
                "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value},
      body: JSON.stringify(q)
    }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (answer) {
      var sent = q.map(function (t) { return t.id; });
      save(load().filter(function (t) { return sent.indexOf(t.id) < 0; }));
      countLabel.textContent = String(Number(countLabel.textContent) + answer["new"]);
    }).catch(function () { /* stays queued; tried again when online */ })
      .then(function () { sending = false; });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    var q = load();
    q.push({id: uuid(), channel: data.get("channel"), topic: data.get("topic"),
            age_band: data.get("age_band") || "", language: data.get("language") || "",
            referral: data.get("referral") === "yes"});
    save(q);
    flush();
  });
  window.addEventListener("online", flush);
  show(load());
  flush();
})();
