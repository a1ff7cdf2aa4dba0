/* The map of the search results and of one site. Leaflet is loaded only here, and on a
   site's page only when the map scrolls near the screen. Markers are clustered by the server
   (map/sites.geojson); the list of places on the page never depends on this script. */
(function () {
  "use strict";
  var el = document.querySelector("[data-map]");
  if (!el) return;
  var statusEl = document.querySelector("[data-map-status]");
  var TILES = el.getAttribute("data-tiles") || "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var ATTRIBUTION = el.getAttribute("data-attribution") || "";
  var FINLAND = [[59.7, 19.5], [70.1, 31.6]];

  function failed() {
    el.hidden = true;
    if (statusEl) statusEl.textContent = el.getAttribute("data-label-failed") || "";
  }

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

  function baseMap() {
    el.hidden = false;
    // Marker images from their static URLs: Leaflet's own guess of the path fails when its
    // stylesheet is added by this script.
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions({
      iconUrl: el.getAttribute("data-icon"),
      iconRetinaUrl: el.getAttribute("data-icon-2x"),
      shadowUrl: el.getAttribute("data-shadow")
    });
    var map = L.map(el, { scrollWheelZoom: false, zoomControl: false });
    L.control.zoom({
      zoomInTitle: el.getAttribute("data-label-zoom-in") || "+",
      zoomOutTitle: el.getAttribute("data-label-zoom-out") || "-"
    }).addTo(map);
    var tiles = L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
    // Without tiles (offline, blocked, the server down) the places still show, on a light
    // background, and the map says why.
    tiles.once("tileerror", function () {
      el.classList.add("map-no-tiles");
      if (statusEl) statusEl.textContent = el.getAttribute("data-label-no-tiles") || "";
    });
    return map;
  }

  function label(marker, text) {
    marker.on("add", function () {
      var icon = marker.getElement();
      if (icon) icon.setAttribute("aria-label", text);
    });
  }

  function siteLink(props) {
    var link = document.createElement("a");
    link.href = props.url;
    link.textContent = props.name;
    if (props.lang) link.lang = props.lang;
    return link;
  }

  function singleSite() {
    var lat = parseFloat(el.getAttribute("data-lat"));
    var lon = parseFloat(el.getAttribute("data-lon"));
    var map = baseMap();
    map.setView([lat, lon], 15);
    var name = el.getAttribute("data-name");
    L.marker([lat, lon], { alt: name, title: name, keyboard: true }).addTo(map);
  }

  /* The site editor's map: a click fills in the latitude and longitude inputs, and typed
     coordinates move the marker. The inputs stay the way to do it without a mouse. */
  function picker() {
    var latInput = document.getElementById(el.getAttribute("data-lat-input"));
    var lonInput = document.getElementById(el.getAttribute("data-lon-input"));
    var map = baseMap();
    var marker = null;
    function place(latlng) {
      if (marker) marker.setLatLng(latlng);
      else marker = L.marker(latlng, { keyboard: false, alt: "" }).addTo(map);
    }
    function fromInputs() {
      var lat = parseFloat(latInput.value);
      var lon = parseFloat(lonInput.value);
      if (isNaN(lat) || isNaN(lon)) return null;
      return [lat, lon];
    }
    var start = fromInputs();
    if (start) {
      map.setView(start, 15);
      place(start);
    } else {
      map.fitBounds(FINLAND);
    }
    map.on("click", function (event) {
      latInput.value = event.latlng.lat.toFixed(6);
      lonInput.value = event.latlng.lng.toFixed(6);
      place(event.latlng);
    });
    [latInput, lonInput].forEach(function (input) {
      input.addEventListener("change", function () {
        var point = fromInputs();
        if (point) {
          place(point);
          map.panTo(point);
        }
      });
    });
  }

  function searchMap() {
    var map = baseMap();
    var layer = L.layerGroup().addTo(map);
    var extent = el.getAttribute("data-extent");
    var near = el.getAttribute("data-near");
    var clusterLabel = el.getAttribute("data-label-cluster") || "%(count)s";
    var url = el.getAttribute("data-geojson");
    var latest = 0;
    if (near) {
      var point = near.split(",").map(parseFloat);
      map.setView(point, 11);
    } else if (extent) {
      var b = extent.split(",").map(parseFloat);
      if (b[0] === b[2] && b[1] === b[3]) map.setView([b[1], b[0]], 14);
      else map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [24, 24], maxZoom: 14 });
    } else {
      map.fitBounds(FINLAND);
    }

    function draw(collection) {
      layer.clearLayers();
      collection.features.forEach(function (feature) {
        var c = feature.geometry.coordinates;
        var props = feature.properties;
        var marker;
        if (props.cluster) {
          var size = props.count < 10 ? "s" : props.count < 100 ? "m" : "l";
          var text = clusterLabel.replace("%(count)s", props.count);
          marker = L.marker([c[1], c[0]], {
            icon: L.divIcon({
              className: "map-cluster map-cluster-" + size,
              html: "<span>" + props.count + "</span>",
              iconSize: [40, 40]
            }),
            keyboard: true,
            title: text
          });
          label(marker, text);
          marker.on("click", function () {
            var bb = props.bbox;
            if (bb[0] === bb[2] && bb[1] === bb[3]) map.setView([bb[1], bb[0]], map.getZoom() + 2);
            else map.fitBounds([[bb[1], bb[0]], [bb[3], bb[2]]], { padding: [24, 24] });
          });
        } else {
          marker = L.marker([c[1], c[0]], { alt: props.name, title: props.name, keyboard: true });
          marker.bindPopup(siteLink(props));
        }
        layer.addLayer(marker);
      });
      el.setAttribute("data-loaded", String(collection.features.length));
    }

    function refresh() {
      var bounds = map.getBounds();
      var request = ++latest;
      var bbox = [
        Math.max(bounds.getWest(), -180), Math.max(bounds.getSouth(), -90),
        Math.min(bounds.getEast(), 180), Math.min(bounds.getNorth(), 90)
      ].map(function (v) { return v.toFixed(5); }).join(",");
      var sep = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + sep + "bbox=" + bbox + "&zoom=" + map.getZoom(), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (collection) { if (request === latest) draw(collection); })
        .catch(function () { if (statusEl) statusEl.textContent = el.getAttribute("data-label-failed") || ""; });
    }

    map.on("moveend", refresh);
    refresh();
  }

  function start() {
    loadLeaflet(function () {
      try {
        if (el.hasAttribute("data-picker")) picker();
        else if (el.hasAttribute("data-lat")) singleSite();
        else searchMap();
      } catch (e) {
        failed();
      }
    });
  }

  if (el.hasAttribute("data-lazy") && "IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        start();
      }
    }, { rootMargin: "200px" });
    // A hidden element never intersects: observe its placeholder spot instead.
    el.hidden = false;
    observer.observe(el);
  } else {
    start();
  }
})();
