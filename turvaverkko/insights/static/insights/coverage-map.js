/* The coverage map: grid cells coloured by distance class (fetched for the visible area),
   the places, the largest gaps and any new or suggested sites. Clicking the map fills the
   first empty "what if" coordinates. Everything shown here is also in the page's tables and
   lists, so the page works without this script (and without map tiles). */
(function () {
  "use strict";
  var el = document.querySelector("[data-coverage-map]");
  if (!el) return;
  var statusEl = document.querySelector("[data-map-status]");
  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';
  var palette = (el.getAttribute("data-palette") || "").split(",");
  var COLOURS = { site: "#00509e", gap: "#8a1c00", candidate: "#6a1b9a", suggestion: "#6a1b9a" };

  function label(name) { return el.getAttribute("data-label-" + name) || ""; }
  function say(text) { if (statusEl) statusEl.textContent = text; }
  function failed() { el.hidden = true; say(label("failed")); }

  function loadLeaflet(done) {
    if (window.L) return done();
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = el.getAttribute("data-leaflet-css");
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = el.getAttribute("data-leaflet-js");
    script.onload = done;
    script.onerror = failed;
    document.head.appendChild(script);
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    });
  }

  function text(parts) {
    var span = document.createElement("span");
    span.textContent = parts.filter(Boolean).join(" · ");
    return span;
  }

  function cellStyle(feature) {
    return {
      className: "coverage-cell",
      stroke: false,
      fillColor: palette[feature.properties.distance_class] || "#3d1a5c",
      fillOpacity: 0.6
    };
  }

  function start() {
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false });
    L.tileLayer(TILES, { maxZoom: 18, attribution: ATTRIBUTION }).addTo(map);
    var b = (el.getAttribute("data-extent") || "19,59.7,31.6,70.1").split(",").map(parseFloat);
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [12, 12] });

    var cells = L.geoJSON(null, { style: cellStyle, interactive: false }).addTo(map);
    var points = L.layerGroup().addTo(map);
    var latest = 0;

    function refreshCells() {
      var bounds = map.getBounds();
      var request = ++latest;
      var bbox = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
        .map(function (v) { return v.toFixed(5); }).join(",");
      getJSON(el.getAttribute("data-cells") + "?bbox=" + bbox)
        .then(function (layer) {
          if (request !== latest) return;
          cells.clearLayers();
          cells.addData(layer);
          el.setAttribute("data-cells-loaded", String(layer.features.length));
        })
        .catch(function () { say(label("failed")); });
    }

    getJSON(el.getAttribute("data-points"))
      .then(function (collection) {
        collection.features.forEach(function (f) {
          var p = f.properties;
          var c = f.geometry.coordinates;
          var big = p.role !== "site";
          var marker = L.circleMarker([c[1], c[0]], {
            radius: big ? 8 : 5,
            color: "#ffffff",
            weight: 2,
            fillColor: COLOURS[p.role] || "#00509e",
            fillOpacity: 1,
            className: "coverage-point coverage-" + p.role
          });
          var title = p.role === "site" ? p.name : label(p.role) + " " + p.rank;
          var residents = p.residents !== undefined ? p.residents + " " + label("residents") : "";
          marker.bindPopup(text([title, residents]));
          points.addLayer(marker);
        });
        el.setAttribute("data-points-loaded", String(collection.features.length));
      })
      .catch(function () { say(label("failed")); });

    map.on("click", function (event) {
      var form = document.querySelector("[data-what-if]");
      if (!form) return;
      for (var i = 1; i <= 3; i++) {
        var lat = form.querySelector("[name=lat" + i + "]");
        var lon = form.querySelector("[name=lon" + i + "]");
        if (lat && lon && !lat.value && !lon.value) {
          lat.value = event.latlng.lat.toFixed(5);
          lon.value = event.latlng.lng.toFixed(5);
          say(label("filled").replace("%(n)s", i));
          return;
        }
      }
    });
    map.on("moveend", refreshCells);
    refreshCells();
  }

  loadLeaflet(function () {
    try {
      start();
    } catch (e) {
      failed();
    }
  });
})();
