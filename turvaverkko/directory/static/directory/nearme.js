/* "Search near my location": fills the search form's hidden lat/lon from the browser's
   location and submits. Without JavaScript the postal code does the same job. */
(function () {
  "use strict";
  var form = document.querySelector("[data-search-form]");
  if (!form || !("geolocation" in navigator)) return;
  var button = form.querySelector("[data-nearme]");
  var status = form.querySelector("[data-nearme-status]");
  var lat = form.querySelector("[data-lat]");
  var lon = form.querySelector("[data-lon]");
  var nearest = form.querySelector("[data-nearest]");
  var place = form.querySelector("[data-place]");
  function forget() { lat.value = ""; lon.value = ""; }
  // A typed place or an unticked "nearest first" replaces an earlier location.
  if (place) place.addEventListener("input", forget);
  if (nearest) nearest.addEventListener("change", function () { if (!nearest.checked) forget(); });
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.getAttribute("data-busy");
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        // Three decimals is about 100 metres: enough for "near me", kinder to privacy.
        lat.value = position.coords.latitude.toFixed(3);
        lon.value = position.coords.longitude.toFixed(3);
        if (nearest) nearest.checked = true;
        if (place) place.value = "";
        form.submit();
      },
      function () {
        status.textContent = button.getAttribute("data-error-denied");
        button.disabled = false;
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
    );
  });
})();
