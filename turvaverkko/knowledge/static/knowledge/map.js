/* "Where it runs": markers at the municipalities of a model's implementations. The table on
   the page is the primary view; without Leaflet or tiles the map stays hidden. */
(function () {
  "use strict";
  var el = document.querySelector("[data-knowledge-map]");
  var data = document.getElementById("knowledge-points");
  if (!el || !data) return;
  var points = JSON.parse(data.textContent);
  if (!points.length) return;
  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

  function start() {
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false });
    L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.marker([p.lat, p.lon], { title: p.name, alt: p.name }).addTo(map);
      var box = document.createElement("div");
      var strong = document.createElement("strong");
      strong.textContent = p.name;
      box.appendChild(strong);
      box.appendChild(document.createTextNode(" – " + p.organization + " (" + p.status + ")"));
      marker.bindPopup(box);
      bounds.push([p.lat, p.lon]);
    });
    map.fitBounds(bounds, { maxZoom: 9, padding: [20, 20] });
  }

  // Start once both the script and the stylesheet are in: Leaflet finds its marker images
  // through the stylesheet.
  var waiting = 2;
  function ready() {
    waiting -= 1;
    if (waiting === 0) start();
  }
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = el.getAttribute("data-leaflet-css");
  css.onload = ready;
  document.head.appendChild(css);
  var script = document.createElement("script");
  script.src = el.getAttribute("data-leaflet-js");
  script.onload = ready;
  document.head.appendChild(script);
})();
