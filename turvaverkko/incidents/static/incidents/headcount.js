/* Live head-count: polls the JSON endpoint every 4 seconds (shown within 5) and updates the counts and the
   list of people coming. Without this script the page still shows the counts as loaded,
   and the head-count page refreshes itself. */
(function () {
  "use strict";
  // 4 s between the end of one request and the next: what arrives is shown within 5 s
  var PERIOD = 4000;
  var box = document.querySelector("[data-headcount]");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-url");

  function render(data) {
    Object.keys(data.counts).forEach(function (key) {
      var el = box.querySelector('[data-count="' + key + '"]');
      if (el) el.textContent = String(data.counts[key]);
    });
    var list = box.querySelector("[data-headcount-list]");
    if (!list) return;
    list.textContent = "";
    if (!data.coming.length) {
      var empty = document.createElement("li");
      empty.textContent = box.getAttribute("data-label-nobody");
      list.appendChild(empty);
    }
    data.coming.forEach(function (p) {
      var li = document.createElement("li");
      var text = p.name + (p.organization ? " (" + p.organization + ")" : "") + " – ";
      text += p.answer === "late"
        ? box.getAttribute("data-label-late") + " " + p.eta_minutes + " min"
        : box.getAttribute("data-label-coming");
      if (p.skills.length) text += " · " + p.skills.join(", ");
      text += " · " + p.status;
      li.textContent = text;
      list.appendChild(li);
    });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) render(data); })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, PERIOD); });
  }
  window.setTimeout(poll, PERIOD);
})();
