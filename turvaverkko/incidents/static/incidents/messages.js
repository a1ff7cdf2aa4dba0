/* Live incoming messages panel: fetches the panel's HTML every 5 seconds and puts it in
   place when something changed (its data-version: messages, waiting ones), unless the
   coordinator is busy with one of its forms (focus inside, something chosen or typed).
   Without this script the panel is as loaded; a reload shows new messages. */
(function () {
  "use strict";
  var box = document.querySelector("[data-messages]");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-url");
  var sending = false;
  box.addEventListener("submit", function () { sending = true; });

  var VERSION = /data-version="([^"]*)"/;

  function version(html) {
    var m = VERSION.exec(html);
    return m ? m[1] : null;
  }

  function changed(html) {
    var now = box.querySelector("[data-version]");
    return !now || version(html) !== now.getAttribute("data-version");
  }

  // Something chosen or typed in a form that is not sent yet.
  function dirty() {
    var fields = box.querySelectorAll("input:not([type=hidden]), select");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.tagName === "SELECT") {
        for (var j = 0; j < f.options.length; j++) {
          if (f.options[j].selected !== f.options[j].defaultSelected) return true;
        }
      } else if (f.value !== f.defaultValue) {
        return true;
      }
    }
    return false;
  }

  function busy() {
    return sending || box.contains(document.activeElement) || dirty();
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
