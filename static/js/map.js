/* The map of /kaart/: Leaflet draws the municipalities from /kaart/gemeenten.geojson.
   Without this script (or without Leaflet) the page's table says the same. A municipality
   is chosen by clicking it or, by keyboard, in the list beside the map. */
(function () {
  "use strict";

  var container = document.getElementById("map");
  if (!container || !window.L) {
    return;
  }
  var labels = JSON.parse(document.getElementById("map-labels").textContent);
  var picker = document.getElementById("map-choice");
  var selection = document.getElementById("map-selection");
  // Colour and a border pattern: the status is never told by colour alone.
  var STATUS = {
    member: { fill: "#005a50", dash: null },
    to_confirm: { fill: "#2e8576", dash: "6 4" },
    suspended: { fill: "#b35c00", dash: "2 4" },
    none: { fill: "#e4e4e4", dash: null }
  };
  var ACTIVITY = ["#f2f2f2", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];
  var view = "status";
  var layer = null;
  var selected = null;
  var byRefnis = {};

  var map = L.map(container, {
    zoomSnap: 0.25,
    attributionControl: Boolean(labels.tiles),
    zoomControl: false
  });
  L.control.zoom({ zoomInTitle: labels.zoom_in, zoomOutTitle: labels.zoom_out }).addTo(map);
  if (labels.tiles) {
    L.tileLayer(labels.tiles, { attribution: labels.attribution }).addTo(map);
  }
  map.setView([51.05, 4.4], 8);

  function style(feature) {
    var p = feature.properties;
    var isSelected = selected && selected.feature === feature;
    var base = {
      weight: isSelected ? 3 : 0.6,
      color: isSelected ? "#1a4fd6" : "#555555",
      fillOpacity: 0.9,
      dashArray: null
    };
    if (view === "activity") {
      base.fillColor = ACTIVITY[p.activity] || ACTIVITY[0];
    } else {
      base.fillColor = STATUS[p.status].fill;
      if (!isSelected && STATUS[p.status].dash) {
        base.dashArray = STATUS[p.status].dash;
        base.weight = 1.5;
        base.color = "#1b1b1b";
      }
    }
    return base;
  }

  function describe(p) {
    var box = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = p.name;
    var status = document.createElement("p");
    status.textContent = labels.statuses[p.status];
    var residents = document.createElement("p");
    residents.textContent = labels.residents.replace("%(count)s", p.residents);
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = labels.page.replace("%(name)s", p.name);
    box.append(name, status, residents, link);
    return box;
  }

  function select(refnis, fromList) {
    var previous = selected;
    selected = byRefnis[refnis] || null;
    if (previous) {
      previous.setStyle(style(previous.feature));
    }
    selection.replaceChildren();
    if (!selected) {
      map.closePopup();
      return;
    }
    var p = selected.feature.properties;
    selected.setStyle(style(selected.feature));
    selected.bringToFront();
    picker.value = refnis;
    selection.append(describe(p));
    if (fromList) {
      map.fitBounds(selected.getBounds(), { maxZoom: 11 });
    }
    selected.bindPopup(describe(p)).openPopup();
  }

  fetch(container.dataset.geojson, { headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    })
    .then(function (data) {
      layer = L.geoJSON(data, {
        style: style,
        onEachFeature: function (feature, item) {
          byRefnis[feature.properties.refnis] = item;
          item.on("click", function () {
            select(feature.properties.refnis, false);
          });
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds());
      document.getElementById("map-picker").hidden = false;
      document.getElementById("map-views").hidden = false;
      container.dataset.ready = "true";
      if (window.performance && performance.mark) {
        performance.mark("map-drawn");
      }
    })
    .catch(function () {
      document.getElementById("map-error").hidden = false;
    });

  picker.addEventListener("change", function () {
    select(picker.value, true);
  });

  document.querySelectorAll('input[name="map-view"]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      view = radio.value;
      document.getElementById("map-legend-status").hidden = view !== "status";
      document.getElementById("map-legend-activity").hidden = view !== "activity";
      if (layer) {
        layer.setStyle(style);
      }
    });
  });
})();
