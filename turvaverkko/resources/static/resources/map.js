/* Map of the resources on the resource list. The table on the page is the primary view;
   this only adds markers from resources/map.geojson (filtered by the server to what the
   user may see). Without Leaflet or tiles the map stays hidden. */
(function () {
  "use strict";
  var el = document.querySelector("[data-resource-map]");
  if (!el) return;
  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

  function start() {
    fetch(el.getAttribute("data-geojson"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (!data.features.length) return;
        el.hidden = false;
        var map = L.map(el, { scrollWheelZoom: false });
        L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
        var layer = L.geoJSON(data, {
          onEachFeature: function (feature, marker) {
            var p = feature.properties;
            var box = document.createElement("div");
            var link = document.createElement("a");
            link.href = p.url;
            link.textContent = p.name;
            box.appendChild(link);
            box.appendChild(document.createTextNode(" – " + p.kind + ", " + p.organization));
            marker.bindPopup(box);
            marker.on("add", function () {
              var icon = marker.getElement();
              if (icon) icon.setAttribute("aria-label", p.name);
            });
          }
        }).addTo(map);
        map.fitBounds(layer.getBounds(), { maxZoom: 12 });
      })
      .catch(function () { el.hidden = true; });
  }

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = el.getAttribute("data-leaflet-css");
  document.head.appendChild(css);
  var script = document.createElement("script");
  script.src = el.getAttribute("data-leaflet-js");
  script.onload = start;
  document.head.appendChild(script);
})();
