/* The incident's area and the situation log's observations on a Leaflet map. The points
   come from the page's own list ([data-map-point]), which stays readable without this
   script; Leaflet is loaded only when the map element exists. */
(function () {
  "use strict";
  var el = document.querySelector("[data-incident-map]");
  if (!el) return;
  var points = Array.prototype.map.call(document.querySelectorAll("[data-map-point]"), function (li) {
    return {
      lat: parseFloat(li.getAttribute("data-lat")),
      lon: parseFloat(li.getAttribute("data-lon")),
      label: li.getAttribute("data-label") || li.textContent.trim()
    };
  }).filter(function (p) { return !isNaN(p.lat) && !isNaN(p.lon); });
  if (!points.length) return;

  function draw() {
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false });
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    }).addTo(map);
    var bounds = [];
    points.forEach(function (p) {
      L.marker([p.lat, p.lon], { title: p.label, alt: p.label }).addTo(map).bindPopup(
        document.createTextNode(p.label)
      );
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length === 1) map.setView(bounds[0], 10);
    else map.fitBounds(bounds, { padding: [20, 20], maxZoom: 12 });
  }

  if (window.L) return draw();
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = el.getAttribute("data-leaflet-css");
  document.head.appendChild(css);
  var script = document.createElement("script");
  script.src = el.getAttribute("data-leaflet-js");
  script.onload = draw;
  document.head.appendChild(script);
})();
