// "Use my location": fills the approximate latitude and longitude from the browser.
// The form works without this script; the fields can be typed by hand.
(function () {
  "use strict";
  var box = document.querySelector("[data-geolocate]");
  if (!box || !("geolocation" in navigator)) return;
  var lat = document.getElementById(box.getAttribute("data-lat"));
  var lon = document.getElementById(box.getAttribute("data-lon"));
  var status = document.getElementById(box.getAttribute("data-status"));
  if (!lat || !lon || !status) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-secondary";
  button.textContent = box.getAttribute("data-label");
  box.appendChild(button);
  button.addEventListener("click", function () {
    status.textContent = box.getAttribute("data-wait");
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        // Only about one kilometre of precision leaves the browser.
        lat.value = pos.coords.latitude.toFixed(2);
        lon.value = pos.coords.longitude.toFixed(2);
        status.textContent = box.getAttribute("data-ok");
      },
      function () {
        status.textContent = box.getAttribute("data-error");
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
    );
  });
})();
