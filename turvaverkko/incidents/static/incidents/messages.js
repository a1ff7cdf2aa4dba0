/* Live incoming messages panel: fetches the panel's HTML every 5 seconds and puts it in
   place when something changed (its data-version: messages, waiting ones), unless the coordinator is busy with one of its forms (focus inside, or something
   typed). Without this script the panel is as loaded; a reload shows new messages. */
(function () {
  "use strict";
  var box = document.querySelector("[data-messages]");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-url");
  var typed = false;
  box.addEventListener("input", function () { typed = true; });
  box.addEventListener("submit", function () { typed = true; });

  var VERSION = /data-version="([^"]*)"/;

  function version(html) {
    var m = VERSION.exec(html);
    return m ? m[1] : null;
  }

  function changed(html) {
    var now = box.querySelector("[data-version]");
    return !now || version(html) !== now.getAttribute("data-version");
  }

  function busy() {
    return typed || box.contains(document.activeElement);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null && changed(html) && !busy()) box.innerHTML = html; })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 5000);
})();
