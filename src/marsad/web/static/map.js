// marsad: the incidents map. Leaflet (bundled), no tile layer: the base map is the bundled
// country and governorate outlines; incidents are clustered markers, filtered here by date,
// type and confidence (the form also works without JS: its values go into the URL).
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var status = document.getElementById("map-status");
  var form = document.getElementById("map-filters");

  var map = L.map(el, { minZoom: 4, maxZoom: 13, worldCopyJump: false,
                        maxBounds: [[20, 22], [46, 62]] });
  map.fitBounds([[29.0, 35.5], [37.6, 48.7]]);
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Natural Earth");

  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40,
                                       spiderfyOnMaxZoom: true });
  var features = [];

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  function text(tag, value, cls) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    node.textContent = value;
    return node;
  }

  function popup(p) {
    var box = document.createElement("div");
    box.className = "map-popup";
    box.dir = "rtl";
    var link = text("a", (p.type_ar || p.type) + (p.place ? " — " + p.place : ""));
    link.href = "/incidents/" + encodeURIComponent(p.id);
    box.appendChild(link);
    var when = p.date_value ? p.date_value
      : (p.first_reported ? p.first_reported + " (أول تقرير · first report)" : "—");
    box.appendChild(text("div", "التاريخ · date: " + when, "small"));
    box.appendChild(text("div", (p.reports || 0) + " تقارير · reports, " +
      (p.independent_sources || 0) + " مصادر مستقلة · independent", "small"));
    if (p.admin1) box.appendChild(text("div", p.admin1 + (p.country ? "، " + p.country : ""), "small muted"));
    if (p.confidence !== null && p.confidence !== undefined)
      box.appendChild(text("div", "الثقة · confidence: " + Number(p.confidence).toFixed(2), "small"));
    if (p.geo_precision > 1) box.appendChild(text("div", "موقع تقريبي · approximate place", "small muted"));
    return box;
  }

  function marker(f) {
    var p = f.properties;
    var cls = "mk ev-" + (p.type || "other") + (p.geo_precision > 1 ? " approx" : "") +
              (p.dated_by === "first_report" ? " by-report" : "");
    var c = f.geometry.coordinates;
    var m = L.marker([c[1], c[0]], {
      icon: L.divIcon({ className: cls, html: "", iconSize: [16, 16] }),
      title: (p.type_ar || p.type) + (p.place ? " — " + p.place : ""),
      keyboard: true
    });
    m.bindPopup(function () { return popup(p); });
    return m;
  }

  function values() {
    var data = new FormData(form);
    return { since: data.get("since") || "", until: data.get("until") || "",
             type: data.get("type") || "", minConf: data.get("min_confidence") || "" };
  }

  function keep(p, v) {
    var lo = p.date_earliest || p.first_reported, hi = p.date_latest || p.first_reported;
    if (v.since && (!hi || hi < v.since)) return false;
    if (v.until && (!lo || lo > v.until)) return false;
    if (v.type && p.type !== v.type) return false;
    if (v.minConf !== "") {
      if (p.confidence === null || p.confidence === undefined) return false;
      if (Number(p.confidence) < Number(v.minConf)) return false;
    }
    return true;
  }

  var shown = 0;
  function apply() {
    var v = values();
    cluster.clearLayers();
    var layers = [];
    var hidden = 0;
    features.forEach(function (f) {
      if (!keep(f.properties, v)) { hidden += 1; return; }
      layers.push(marker(f));
    });
    cluster.addLayers(layers);
    shown = layers.length;
    if (status) status.textContent = shown + " وقائع على الخريطة · incidents on the map" +
      (hidden ? " (" + hidden + " خارج المرشح · filtered out)" : "");
    var params = new URLSearchParams();
    Object.keys(v).forEach(function (k) {
      if (v[k]) params.set(k === "minConf" ? "min_confidence" : k, v[k]);
    });
    var qs = params.toString();
    window.history.replaceState(null, "", qs ? "?" + qs : window.location.pathname);
  }

  if (form) {
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.addEventListener("change", apply);
  }

  Promise.all([getJSON(el.dataset.countries), getJSON(el.dataset.boundaries),
               getJSON(el.dataset.incidents)]).then(function (data) {
    L.geoJSON(data[0], {
      interactive: false,
      style: function (f) {
        return f.properties.focus
          ? { className: "country focus", weight: 1.6, color: "#6b6253", fillColor: "#fffdf7", fillOpacity: 1 }
          : { className: "country", weight: 0.8, color: "#b8b2a7", fillColor: "#f7f5f0", fillOpacity: 1 };
      }
    }).addTo(map);
    L.geoJSON(data[1], {
      style: { className: "province", weight: 0.8, color: "#8a8172", dashArray: "3 3",
               fill: true, fillOpacity: 0 },
      onEachFeature: function (f, layer) {
        layer.bindTooltip(f.properties.admin1_ar + " · " + f.properties.admin1, { sticky: true });
      }
    }).addTo(map);
    features = (data[2].features || []).filter(function (f) { return f.geometry; });
    map.addLayer(cluster);
    apply();
    el.classList.add("ready");
  }).catch(function (err) {
    if (status) status.textContent = "تعذّر تحميل الخريطة · the map could not load: " + err.message;
  });

  // for tests and the console: the map, its cluster layer and how many markers pass the filters
  window.marsadMap = { map: map, cluster: cluster, shown: function () { return shown; } };
})();
