/* Progress of a coverage run: asks the server every two seconds and reloads the page when
   the run has finished. Without JavaScript the page refreshes itself (a <noscript> meta). */
(function () {
  "use strict";
  var status = document.querySelector("[data-run-status]");
  if (!status || !window.fetch) return;
  var bar = document.querySelector("[data-run-progress]");
  var url = status.getAttribute("data-url");

  function show(data) {
    if (bar) {
      bar.value = data.progress;
      bar.textContent = data.progress + " %";
    }
    var label = data.status === "queued"
      ? status.getAttribute("data-label-queued")
      : status.getAttribute("data-label-running").replace("%(percent)s", data.progress);
    if (status.textContent !== label) status.textContent = label;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.finished) {
          window.location.reload();
          return;
        }
        show(data);
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
})();
