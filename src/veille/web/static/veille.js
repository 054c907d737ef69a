/* veille dashboard: the little JavaScript it needs. Maps draw the bundled boundaries as
   their base (no tile server); charts are plain SVG drawn from the page's own data. */
(function () {
  "use strict";
  var PALETTE = ["#1f5fa8", "#d7301f", "#33a02c", "#ff7f00", "#6a3d9a", "#b15928", "#e7298a", "#666666",
                 "#17becf", "#bcbd22"];
  var CATEGORY_COLOURS = {"new": "#67000d", "consecutive": "#a50f15", "intensifying": "#d7301f",
    "persistent": "#ef6548", "diminishing": "#fc8d59", "sporadic": "#fdbb84", "oscillating": "#fdd49e",
    "historical": "#fee8c8"};

  function pageData() {
    var el = document.getElementById("page-data");
    return el ? JSON.parse(el.textContent) : null;
  }
  function getJSON(url) {
    return fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}}).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }
  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  // ---- maps -------------------------------------------------------------------------
  function baseMap(el, view) {
    var map = L.map(el, {preferCanvas: true, zoomSnap: 0.5, minZoom: 3, maxZoom: 14, attributionControl: true}).setView(view || [10.5, 0.5], 5.5);
    map.attributionControl.setPrefix("").addAttribution("Boundaries: Natural Earth, OCHA COD-AB, geoBoundaries");
    return map;
  }
  function drawCountries(map, url, fill) {
    return getJSON(url).then(function (geo) {
      var layer = L.geoJSON(geo, {interactive: false, style: {color: "#7d8796", weight: 1, fillColor: fill || "#f4f1ea",
        fillOpacity: 1}}).addTo(map);
      layer.bringToBack();
      return layer;
    });
  }
  function drawAdmin1(map, url) {
    return getJSON(url).then(function (geo) {
      return L.geoJSON(geo, {interactive: false, style: {color: "#b3bac6", weight: 0.6, fill: false}}).addTo(map);
    });
  }

  function eventsMap(el) {
    var map = baseMap(el);
    var bboxField = document.getElementById("bbox"), useBbox = document.getElementById("use-bbox");
    if (bboxField && bboxField.value) {
      var b = bboxField.value.split(",").map(Number);
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
    }
    drawCountries(map, el.dataset.boundaries).then(function () { return drawAdmin1(map, el.dataset.admin1); })
      .then(function () { return getJSON(el.dataset.geojson); })
      .then(function (geo) {
        var clusters = L.markerClusterGroup({chunkedLoading: true, maxClusterRadius: 45, showCoverageOnHover: false});
        var markers = geo.features.map(function (f) {
          var p = f.properties, c = f.geometry.coordinates;
          var m = L.circleMarker([c[1], c[0]], {radius: 5, weight: 1, color: "#7a1010",
            fillColor: p.fatalities > 0 ? "#d7301f" : "#fc8d59", fillOpacity: 0.85});
          m.bindPopup("<strong>" + esc(p.event_type) + "</strong><br>" + esc(p.event_date) + " · " + esc(p.location || "") +
            "<br>" + esc(p.fatalities == null ? "" : p.fatalities + " †") + " · " + esc(p.source) + " · TLP:" + esc(p.tlp) +
            '<br><a href="/events/' + encodeURIComponent(p.event_id) + '">' + esc(el.dataset.open || "→") + "</a>");
          return m;
        });
        clusters.addLayers(markers);
        map.addLayer(clusters);
        el.dataset.loaded = String(markers.length);
        if (markers.length && !(bboxField && bboxField.value)) {
          var bounds = L.latLngBounds(geo.features.map(function (f) { return [f.geometry.coordinates[1], f.geometry.coordinates[0]]; }));
          map.fitBounds(bounds, {maxZoom: 9, padding: [20, 20]});
        }
      })
      .catch(function (err) { el.dataset.error = String(err); });
    var form = document.getElementById("filters");
    if (form && bboxField) {
      form.addEventListener("submit", function () {
        if (useBbox && useBbox.checked) {
          var bb = map.getBounds();
          bboxField.value = [bb.getWest(), bb.getSouth(), bb.getEast(), bb.getNorth()].map(function (v) {
            return Math.max(-180, Math.min(180, v)).toFixed(3); }).join(",");
        } else { bboxField.value = ""; }
      });
    }
  }

  function eventMap(el) {
    var lat = Number(el.dataset.lat), lon = Number(el.dataset.lon);
    var map = baseMap(el, [lat, lon]);
    map.setView([lat, lon], 8);
    drawCountries(map, "/api/boundaries/0").then(function () { return drawAdmin1(map, el.dataset.boundaries); });
    L.circleMarker([lat, lon], {radius: 7, color: "#7a1010", fillColor: "#d7301f", fillOpacity: 0.9}).addTo(map);
  }

  function choropleth(el, colourOf, label) {
    var map = baseMap(el);
    drawCountries(map, el.dataset.countries, "#f7f7f7").then(function () {
      if (!el.dataset.boundaries) { return null; }
      return getJSON(el.dataset.boundaries).then(function (geo) {
        var layer = L.geoJSON(geo, {style: function (f) {
          var colour = colourOf(f.properties.pcode);
          return {color: "#8a8f99", weight: 0.4, fillColor: colour || "#ffffff", fillOpacity: colour ? 0.85 : 0.2};
        }, onEachFeature: function (f, layer) { layer.bindTooltip(esc(f.properties.name) + " " + esc(label(f.properties.pcode))); }}).addTo(map);
        var coloured = layer.getLayers().filter(function (l) { return colourOf(l.feature.properties.pcode); });
        var target = coloured.length ? L.featureGroup(coloured) : layer;
        if (layer.getLayers().length) { map.fitBounds(target.getBounds(), {padding: [10, 10]}); }
        el.dataset.loaded = String(layer.getLayers().length);
        return layer;
      });
    }).catch(function (err) { el.dataset.error = String(err); });
    return map;
  }

  function hotspotMap(el, data) {
    var byUnit = {};
    (data.units || []).forEach(function (u) { byUnit[u.unit] = u; });
    choropleth(el, function (pcode) {
      var u = byUnit[pcode]; if (!u || !u.category) { return null; }
      var kind = u.category.split(" ")[0];
      return u.category.indexOf("cold") >= 0 ? "#4393c3" : CATEGORY_COLOURS[kind];
    }, function (pcode) { var u = byUnit[pcode]; return u ? "— " + (u.category || "") + " (" + u.events + ")" : ""; });
    document.querySelectorAll("#hotspot-legend li").forEach(function (li) {
      var cat = li.dataset.category, kind = cat.split(" ")[0];
      li.querySelector(".swatch").style.background = cat.indexOf("cold") >= 0 ? "#4393c3" : CATEGORY_COLOURS[kind];
    });
  }

  function forecastMap(el, data) {
    var rows = data.rows || [], byUnit = {};
    rows.forEach(function (r) { byUnit[r.unit] = r; });
    var BREAKS = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75], STOPS = ["#fff5eb", "#fee6ce", "#fdd0a2", "#fdae6b", "#fd8d3c",
      "#e6550d", "#a63603"];
    function colour(p) {
      var i = 0; while (i < BREAKS.length && p >= BREAKS[i]) { i += 1; }
      return STOPS[i];
    }
    function legend(map) {
      var box = L.control({position: "bottomleft"});
      box.onAdd = function () {
        var div = L.DomUtil.create("div", "map-legend"), labels = ["<1%"];
        for (var i = 0; i < BREAKS.length; i += 1) { labels.push("≥" + Math.round(100 * BREAKS[i]) + "%"); }
        div.innerHTML = "P(&gt;0)<br>" + labels.map(function (text, k) {
          return '<i style="background:' + STOPS[k] + '"></i>' + text; }).join("<br>");
        return div;
      };
      box.addTo(map);
    }
    if (el.dataset.unit === "pgm") {
      var map = baseMap(el);
      drawCountries(map, el.dataset.countries, "#f7f7f7").then(function () {
        var group = L.featureGroup(rows.map(function (r) {
          return L.rectangle([[r.latitude - 0.25, r.longitude - 0.25], [r.latitude + 0.25, r.longitude + 0.25]],
            {weight: 0, fillColor: colour(r.p_gt0), fillOpacity: 0.85}).bindTooltip(esc(r.unit_name) + ": " + Math.round(100 * r.p_gt0) + "%");
        })).addTo(map);
        if (rows.length) { map.fitBounds(group.getBounds()); }
        el.dataset.loaded = String(rows.length);
      });
      legend(map);
      return;
    }
    legend(choropleth(el, function (pcode) { var r = byUnit[pcode]; return r ? colour(r.p_gt0) : null; },
      function (pcode) { var r = byUnit[pcode]; return r ? "— P(>0) " + Math.round(100 * r.p_gt0) + "%, " + r.mean.toFixed(1) : ""; }));
  }

  // ---- charts -----------------------------------------------------------------------
  function svg(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function barChart(el, labels, series, colours) {
    var W = el.clientWidth || 600, H = el.clientHeight || 200, left = 40, bottom = 20, top = 6;
    var root = svg("svg", {viewBox: "0 0 " + W + " " + H, role: "img"});
    var totals = labels.map(function (_, i) { return series.reduce(function (s, x) { return s + (x.values[i] || 0); }, 0); });
    var max = Math.max.apply(null, totals.concat([1]));
    var step = (W - left - 4) / Math.max(labels.length, 1), y = function (v) { return top + (H - top - bottom) * (1 - v / max); };
    [0, 0.5, 1].forEach(function (f) {
      root.appendChild(svg("line", {x1: left, x2: W, y1: y(max * f), y2: y(max * f), stroke: "#e3e7ee"}));
      var t = svg("text", {x: left - 4, y: y(max * f) + 4, "text-anchor": "end", "font-size": 10, fill: "#5b6577"});
      t.textContent = String(Math.round(max * f)); root.appendChild(t);
    });
    labels.forEach(function (label, i) {
      var base = 0;
      series.forEach(function (s, k) {
        var v = s.values[i] || 0; if (!v) { return; }
        var rect = svg("rect", {x: left + i * step + 0.5, width: Math.max(step - 1, 0.8), y: y(base + v), height: y(base) - y(base + v), fill: colours[k % colours.length]});
        var tip = svg("title"); tip.textContent = label + " · " + s.name + ": " + v; rect.appendChild(tip);
        root.appendChild(rect); base += v;
      });
      var every = Math.max(1, Math.ceil(labels.length / 12));
      if (i % every === 0) {
        var t = svg("text", {x: left + i * step, y: H - 5, "font-size": 10, fill: "#5b6577"}); t.textContent = label; root.appendChild(t);
      }
    });
    el.innerHTML = ""; el.appendChild(root);
    if (series.length > 1) {
      var legend = document.createElement("div"); legend.className = "chart-legend";
      series.forEach(function (s, k) { var span = document.createElement("span"); span.style.setProperty("--c", colours[k % colours.length]); span.textContent = s.name; legend.appendChild(span); });
      el.insertAdjacentElement("afterend", legend);
    }
    el.dataset.bars = String(labels.length);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var data = pageData(), el;
    if ((el = document.getElementById("map"))) { eventsMap(el); }
    if ((el = document.getElementById("event-map"))) { eventMap(el); }
    if ((el = document.getElementById("hotspot-map")) && data) { hotspotMap(el, data); }
    if ((el = document.getElementById("forecast-map")) && data) { forecastMap(el, data); }
    if ((el = document.getElementById("timeline-chart")) && data) {
      barChart(el, data.months, data.series.map(function (s) { return {name: s.name, values: s.events}; }), PALETTE);
      barChart(document.getElementById("fatalities-chart"), data.months, [{name: "fatalities", values: data.fatalities}], ["#7a1010"]);
    }
    document.querySelectorAll('[data-kind="bands"]').forEach(function (chart) {
      var c = data.by_country[Number(chart.dataset.country)];
      barChart(chart, c.months, c.series.map(function (s) { return {name: s.name.replace("_", "–").replace("–plus", "+") + " km", values: s.events}; }),
        ["#b2182b", "#ef8a62", "#fddbc7", "#92c5de"]);
    });
  });
})();
