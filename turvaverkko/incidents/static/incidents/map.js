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
      label: li.getAttribute("data-label") || li.textContent.trim(),
      kind: li.getAttribute("data-kind") || ""
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
    // Resources and places are small circles (the list beside the map names them);
    // the area and the observations are pins.
    var STYLE = {
      resource: { radius: 7, color: "#7a3e00", fillColor: "#f0a030", fillOpacity: 0.9, weight: 2 },
      site: { radius: 6, color: "#0b4f8a", fillColor: "#5aa9e6", fillOpacity: 0.9, weight: 2 }
    };
    points.forEach(function (p) {
      var layer = STYLE[p.kind]
        ? L.circleMarker([p.lat, p.lon], STYLE[p.kind])
        : L.marker([p.lat, p.lon], { title: p.label, alt: p.label });
      layer.addTo(map).bindPopup(document.createTextNode(p.label));
      if (!STYLE[p.kind]) bounds.push([p.lat, p.lon]);
    });
    if (!bounds.length) bounds = points.map(function (p) { return [p.lat, p.lon]; });
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
