// sitroom workbench: a small single-page UI over the JSON API (/api/...).
// Every piece of data from the store is put into the page as text (textContent / text nodes),
// never as HTML: articles are untrusted input.
// Routes: #/events, #/timeline, #/map, #/network, #/incidents, #/incident/{incident_id}, #/documents, #/quotes,
// #/doc/{doc_id}?event={event_id};
// the filters live in the query string of the route and are shared by all views.

const FILTERS = ["type", "status", "actor", "recipient", "country", "place", "date_from", "date_to", "text"];
const QUADS = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
const QUAD_COLOUR = {"verbal cooperation": "#66bb6a", "material cooperation": "#1b7837",
                     "verbal conflict": "#f4a261", "material conflict": "#c0392b"};
const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                 "#9c755f", "#bab0ac", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#a6761d"];
const PAGE = 50;
const view = document.getElementById("view");

// ---------------------------------------------------------------- helpers
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
const svgEl = (tag, attrs = {}) => {
  const n = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  return n;
};
const quadClass = q => "badge q-" + String(q || "none").replace(/\s+/g, "-");
const docHref = (docId, eventId) =>
  "#/doc/" + encodeURIComponent(docId) + (eventId ? "?event=" + encodeURIComponent(eventId) : "");

async function api(path, params) {
  const qs = params ? "?" + params.toString() : "";
  const r = await fetch("api/" + path + qs, {headers: {Accept: "application/json"}});
  if (!r.ok) {
    let detail = r.statusText;
    try { const j = await r.json(); detail = typeof j.detail === "string" ? j.detail : JSON.stringify(j.detail); }
    catch (e) { /* not JSON */ }
    throw new Error(`${r.status}: ${detail}`);
  }
  return r.json();
}

function route() {
  const h = location.hash.replace(/^#\/?/, "");
  const [path, query] = [h.split("?")[0], h.includes("?") ? h.slice(h.indexOf("?") + 1) : ""];
  const parts = path.split("/").map(decodeURIComponent);
  return {name: parts[0] || "events", arg: parts[1], params: new URLSearchParams(query)};
}
function filterParams(params) {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (params.get(k)) p.set(k, params.get(k));
  return p;
}
function go(name, params) {
  const qs = params.toString();
  location.hash = "#/" + name + (qs ? "?" + qs : "");
}
function setFilter(k, v) {
  const r = route();
  const p = new URLSearchParams(r.params);
  if (v === null || v === "" || p.get(k) === v) p.delete(k); else p.set(k, v);
  p.delete("offset");
  go(["doc", "incident"].includes(r.name) ? "events" : r.name, p);
}

// ---------------------------------------------------------------- filter bar and export links
const form = document.getElementById("filters");
form.addEventListener("submit", ev => {
  ev.preventDefault();
  const r = route();
  const p = new URLSearchParams();
  for (const k of ["sort", "desc", "bucket"]) if (r.params.get(k)) p.set(k, r.params.get(k));
  for (const k of FILTERS) { const v = form.elements[k].value.trim(); if (v) p.set(k, v); }
  go(["doc", "incident", "documents", "quotes"].includes(r.name) ? "events" : r.name, p);
});
document.getElementById("clear").addEventListener("click", () => go(route().name === "doc" ? "events" : route().name,
                                                                    new URLSearchParams()));
function syncForm(params) {
  for (const k of FILTERS) form.elements[k].value = params.get(k) || "";
  const f = filterParams(params);
  const link = (id, format, profile) => {  // the whole selection, streamed by /api/export (no row cap)
    const q = new URLSearchParams(f); q.set("format", format); if (profile) q.set("profile", profile);
    document.getElementById(id).href = "api/export?" + q;
  };
  link("export-csv", "csv"); link("export-json", "jsonl"); link("export-geojson", "geojson");
  link("export-acled", "csv", "acled");
}

// ---------------------------------------------------------------- views
async function eventsView(params) {
  const f = filterParams(params);
  const sort = params.get("sort") || "date", desc = params.get("desc") !== "0";  // newest first by default
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const q = new URLSearchParams(f);
  q.set("sort", sort); q.set("descending", desc); q.set("limit", PAGE); q.set("offset", offset);
  const [page, facets] = await Promise.all([api("events", q), api("events/facets", f)]);
  const facetBox = el("aside", {class: "facets", id: "facets"});
  for (const [name, label] of [["type", "Type"], ["status", "Status"], ["actor", "Actor"], ["country", "Country"],
                               ["quad", "Quad"]]) {
    if (name === "quad") continue;
    const sec = el("section", {"data-facet": name}, el("h3", {}, label));
    for (const {value, n} of facets[name] || []) {
      if (value === null) continue;
      const on = (params.get(name) || "").toLowerCase() === String(value).toLowerCase();
      sec.append(el("button", {type: "button", class: "facet" + (on ? " on" : ""), "data-value": value,
                                onclick: () => setFilter(name, String(value))},
                    el("span", {}, value), el("span", {class: "n"}, n)));
    }
    facetBox.append(sec);
  }
  const cols = [["date", "Date", "date"], ["event_type", "Type", "type"], ["status", "Status"], ["actor", "Actor"],
                ["recipient", "Recipient"], ["location", "Location"], ["killed", "Killed", "killed"],
                ["sentence", "Sentence"], ["published", "Published", "published"]];
  // sortable headers are buttons (reachable with Tab, pressed with Enter or Space); aria-sort says the order
  const head = el("tr", {}, cols.map(([k, label, s]) => el("th", {
    "aria-sort": s === sort ? (desc ? "descending" : "ascending") : (s ? "none" : null), "data-col": k},
    s ? el("button", {type: "button", class: "sort", "data-sort": s,
                      title: `sort by ${label.toLowerCase()}` + (s === sort ? (desc ? " (newest/largest first)" : " (oldest/smallest first)") : ""),
                      onclick: () => { const p = new URLSearchParams(params); p.set("sort", s);
                                       p.set("desc", sort === s ? (desc ? "0" : "1") : "1");
                                       p.delete("offset"); go("events", p); }},
               label + (s === sort ? (desc ? " ▼" : " ▲") : "")) : label)));
  const body = el("tbody");
  for (const e of page.items) {
    body.append(el("tr", {"data-event-id": e.event_id},
      el("td", {class: e.time_precision === "reported" ? "reported" : null,
                title: e.time_precision === "reported" ? "no date in the text: the publication date" : e.time_precision},
         (e.date || "") + (e.time_precision === "reported" ? " (reported)" : "")),
      el("td", {}, el("span", {class: quadClass(e.quad), title: e.quad || ""}, e.event_type)),
      el("td", {class: "status-" + e.status}, e.status),
      el("td", {}, e.actor || ""), el("td", {}, e.recipient || ""),
      el("td", {}, [e.location, e.country].filter(Boolean).join(", ")),
      el("td", {class: "num"}, e.killed ?? ""),
      el("td", {class: "sentence"}, el("a", {href: docHref(e.doc_id, e.event_id), class: "event-link"}, e.sentence)),
      el("td", {}, e.published || "")));
  }
  const pager = el("div", {class: "pager"},
    el("button", {type: "button", disabled: offset <= 0 ? "" : null,
                  onclick: () => { const p = new URLSearchParams(params); p.set("offset", Math.max(0, offset - PAGE)); go("events", p); }},
       "‹ previous"),
    el("span", {id: "count"}, page.total ? `showing ${offset + 1}–${offset + page.items.length} of ${page.total} events` : "no events"),
    el("button", {type: "button", disabled: offset + PAGE >= page.total ? "" : null,
                  onclick: () => { const p = new URLSearchParams(params); p.set("offset", offset + PAGE); go("events", p); }},
       "next ›"));
  view.replaceChildren(el("div", {class: "layout"}, facetBox,
    el("div", {}, pager, el("table", {id: "events"}, el("thead", {}, head), body))));
}

// Periods as time: a bucket's first day and the day after its last (UTC), so bars are as wide as their period.
function periodRange(p) {
  const day = iso => new Date(iso + "T00:00:00Z");
  const plus = (d, days) => new Date(d.getTime() + days * 864e5);
  let m;
  if ((m = /^(\d{4})-W(\d{2})$/.exec(p))) {  // %W: weeks start on Monday; week 0 = the days before the first
    const jan1 = day(`${m[1]}-01-01`), firstMonday = plus(jan1, (8 - jan1.getUTCDay()) % 7), w = +m[2];
    const start = w === 0 ? jan1 : plus(firstMonday, 7 * (w - 1));
    return [start, w === 0 ? firstMonday : plus(start, 7)];
  }
  if (p.length === 4) return [day(p + "-01-01"), day((+p + 1) + "-01-01")];
  if (p.length === 7) { const s = day(p + "-01"); return [s, new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1))]; }
  const s = day(p); return [s, plus(s, 1)];
}
const isoDay = d => d.toISOString().slice(0, 10);

async function timelineView(params) {
  if (!needLibraries(["d3"])) return;
  const bucket = ["day", "week", "month", "year"].includes(params.get("bucket")) ? params.get("bucket") : "month";
  const q = filterParams(params); q.set("bucket", bucket);
  const rows = (await api("timeline", q)).items;
  const periods = [...new Set(rows.map(r => r.period))].sort();
  const types = [...new Set(rows.map(r => r.event_type))].sort();
  const colour = Object.fromEntries(types.map((t, i) => [t, PALETTE[i % PALETTE.length]]));
  const pick = el("select", {id: "bucket", onchange: ev => { const p = new URLSearchParams(params); p.set("bucket", ev.target.value); go("timeline", p); }},
    ["day", "week", "month", "year"].map(b => el("option", {value: b, selected: b === bucket ? "" : null}, b)));
  const legend = el("div", {class: "legend"}, types.map(t => el("span", {}, el("i", {style: `background:${colour[t]}`}), t)),
                    el("span", {}, el("i", {class: "hatch"}), "dated only by publication (reported)"));
  const panel = el("div", {class: "panel"}, el("label", {}, "Events per ", pick), legend);
  if (!periods.length) { panel.append(el("p", {class: "empty"}, "No events match.")); view.replaceChildren(panel); return; }
  const total = rows.reduce((a, r) => a + r.n, 0), reported = rows.reduce((a, r) => a + r.reported, 0);
  const W = 1100, H = 340, left = 40, bottom = 30, top = 10, right = 10;
  const ranges = Object.fromEntries(periods.map(p => [p, periodRange(p)]));
  const x = d3.scaleUtc().domain([ranges[periods[0]][0], ranges[periods[periods.length - 1]][1]]).range([left, W - right]);
  const byPeriod = d3.rollup(rows, v => d3.sum(v, r => r.n), r => r.period);
  const y = d3.scaleLinear().domain([0, d3.max(byPeriod.values())]).nice().range([H - bottom, top]);
  const svg = d3.create("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("id", "timeline-chart").attr("role", "img")
    .attr("aria-label", `events per ${bucket}, time-scaled`);
  const defs = svg.append("defs");
  defs.append("pattern").attr("id", "hatch").attr("width", 5).attr("height", 5).attr("patternUnits", "userSpaceOnUse")
    .attr("patternTransform", "rotate(45)").append("rect").attr("width", 2).attr("height", 5).attr("fill", "rgba(255,255,255,.75)");
  svg.append("g").attr("transform", `translate(0,${H - bottom})`).call(d3.axisBottom(x).ticks(W / 90));
  svg.append("g").attr("transform", `translate(${left},0)`).call(d3.axisLeft(y).ticks(5));
  const bars = svg.append("g");
  for (const p of periods) {
    const [a, b] = ranges[p];
    const x0 = x(a), w = Math.max(1.5, x(b) - x(a) - (x(b) - x(a) > 4 ? 1 : 0));
    let acc = 0;
    for (const t of types) {
      const r = rows.find(r => r.period === p && r.event_type === t);
      if (!r) continue;
      const y1 = y(acc), y2 = y(acc + r.n); acc += r.n;
      const rect = bars.append("rect").attr("class", "bar").attr("x", x0).attr("y", y2).attr("width", w)
        .attr("height", Math.max(0.5, y1 - y2)).attr("fill", colour[t]).attr("data-period", p).attr("data-type", t)
        .attr("data-n", r.n).style("cursor", "pointer")
        .on("click", () => {
          const q2 = filterParams(params); q2.set("type", t);
          q2.set("date_from", isoDay(a)); q2.set("date_to", isoDay(new Date(b.getTime() - 864e5)));
          go("events", q2);
        });
      rect.append("title").text(`${p} · ${t}: ${r.n}` + (r.reported ? ` (${r.reported} dated only by publication)` : ""));
      if (r.reported) {  // the part dated only by publication, hatched
        const yr = y(acc - r.n + r.reported);
        bars.append("rect").attr("class", "reported").attr("x", x0).attr("y", yr).attr("width", w)
          .attr("height", Math.max(0, y1 - yr)).attr("fill", "url(#hatch)").attr("pointer-events", "none");
      }
    }
  }
  panel.append(svg.node(), el("p", {class: "meta", id: "timeline-meta"},
    `${total} events in ${periods.length} ${bucket}s; ${reported} of them have no date in the text and count at ` +
    "their publication date (hatched). Click a bar to list its events; drag on the time bar above to filter every view."));
  view.replaceChildren(panel);
}
const periodStart = p => p.length === 4 ? p + "-01-01" : p.length === 7 ? p + "-01" : p;
const periodEnd = p => p.length === 4 ? p + "-12-31" : p.length === 7 ? p + "-31" : p;

function needLibraries(names) {
  const missing = names.filter(n => !window[n]);
  if (missing.length) {
    view.replaceChildren(el("p", {class: "error"}, `The front-end libraries (${missing.join(", ")}) are missing: ` +
      "run scripts/build_web.sh to install them into sitroom/web/static/vendor."));
    return false;
  }
  return true;
}

let worldCache = null;
async function mapView(params) {
  if (!needLibraries(["d3", "topojson"])) return;
  const f = filterParams(params);
  const W = 1000, H = 520;
  const [world, first] = await Promise.all([
    worldCache || fetch("vendor/countries-50m.json").then(r => r.json()).then(w => (worldCache = w)),
    api("map/clusters", new URLSearchParams([...f, ["zoom", "4"]]))]);
  const svg = d3.create("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("id", "map-svg");
  const countries = topojson.feature(world, world.objects.countries);
  const projection = d3.geoNaturalEarth1();
  const pts = first.clusters.map(c => [c.lon, c.lat]);
  const lons = pts.map(p => p[0]);
  if (pts.length && Math.max(...lons) - Math.min(...lons) < 100) {
    const [[x0, y0], [x1, y1]] = d3.geoBounds({type: "MultiPoint", coordinates: pts});
    const pad = Math.max(8, (x1 - x0) * 0.25, (y1 - y0) * 0.25);
    projection.fitExtent([[10, 10], [W - 10, H - 10]], {type: "MultiPoint", coordinates:
      [[x0 - pad, y0 - pad], [x1 + pad, y0 - pad], [x1 + pad, y1 + pad], [x0 - pad, y1 + pad]]});
  } else projection.fitSize([W, H], {type: "Sphere"});
  const path = d3.geoPath(projection);
  const g = svg.append("g");
  g.append("g").selectAll("path").data(countries.features).join("path").attr("class", "country").attr("d", path)
    .append("title").text(d => d.properties.name);
  const layer = g.append("g").attr("id", "clusters");
  const meta = el("p", {class: "meta", id: "map-meta"});
  const list = el("div", {id: "map-events", class: "panel"}, el("p", {class: "meta"}, "Click a cluster to list its events."));
  // the grid cell the server clusters on should be ~36 px on screen: from the degrees one pixel spans now
  const span = Math.abs(projection.invert([W, H / 2])[0] - projection.invert([0, H / 2])[0]) || 360;
  const zoomFor = k => Math.max(0, Math.min(20, Math.round(Math.log2(45 * W * k / (36 * span)))));
  let k = 1, shown = null;
  async function draw(data) {
    shown = data;
    const r = c => (5 + 3 * Math.sqrt(c.n)) / Math.sqrt(k);
    const nodes = layer.selectAll("g.cluster").data(data.clusters, c => c.bbox.join(",")).join(enter => {
      const n = enter.append("g").attr("class", "cluster").attr("tabindex", 0).attr("role", "button");
      n.append("circle").attr("class", "dot");
      n.append("text").attr("class", "count").attr("text-anchor", "middle").attr("dy", "0.35em");
      n.append("title");
      return n;
    });
    nodes.attr("transform", c => `translate(${projection([c.lon, c.lat])})`).attr("data-n", c => c.n)
      .attr("aria-label", c => `${c.label}: ${c.n} events`)
      .on("click", (ev, c) => clusterEvents(c)).on("keydown", (ev, c) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); clusterEvents(c); } });
    nodes.select("circle").attr("r", r).attr("fill", c => QUAD_COLOUR[c.quad] || "#555");
    nodes.select("text").text(c => c.n > 1 ? c.n : "").style("font-size", `${11 / Math.sqrt(k)}px`);
    nodes.select("title").text(c => `${c.label}: ${c.n} events`);
    meta.textContent = `Showing all ${data.located} located events in ${data.clusters.length} clusters ` +
      `(grid ${+data.cell_degrees.toPrecision(3)}°); ${data.total - data.located} of the ${data.total} matching events have no place.`;
  }
  async function clusterEvents(c) {
    const q = new URLSearchParams(f); q.set("bbox", c.bbox.join(",")); q.set("limit", "100"); q.set("descending", "true");
    const page = await api("events", q);
    showEvents(list, page.items, `${c.label}: showing ${page.items.length} of ${page.total} events`);
  }
  await draw(first.zoom === zoomFor(1) ? first : await api("map/clusters", new URLSearchParams([...f, ["zoom", zoomFor(1)]])));
  let pending = 0;
  svg.call(d3.zoom().scaleExtent([1, 64]).on("zoom", ev => {
    g.attr("transform", ev.transform); k = ev.transform.k;
    layer.selectAll("circle").attr("r", c => (5 + 3 * Math.sqrt(c.n)) / Math.sqrt(k));
    layer.selectAll("text").style("font-size", `${11 / Math.sqrt(k)}px`);
  }).on("end", async () => {
    const z = zoomFor(k), mine = ++pending;
    if (shown && shown.zoom === z) return;
    const data = await api("map/clusters", new URLSearchParams([...f, ["zoom", z]]));
    if (mine === pending) draw(data);
  }));
  view.replaceChildren(el("div", {class: "map-wrap panel"}, quadLegend(), meta, svg.node()), list);
}

function quadLegend() {
  return el("div", {class: "legend"}, QUADS.map(q => el("span", {}, el("i", {style: `background:${QUAD_COLOUR[q]}`}), q)));
}

function showEvents(box, events, heading) {
  const ul = el("ul", {class: "hits"});
  for (const e of events) {
    ul.append(el("li", {"data-event-id": e.event_id},
      el("span", {class: quadClass(e.quad)}, e.event_type), " ", e.date || e.published || "", " ",
      el("a", {href: docHref(e.doc_id, e.event_id), class: "event-link"}, e.sentence)));
  }
  box.replaceChildren(el("h3", {}, heading || "Events"), ul);
}

async function networkView(params) {
  if (!needLibraries(["d3"])) return;
  const f = filterParams(params);
  const net = await api("network", new URLSearchParams([...f, ["limit", params.get("edges") || "60"]]));
  const list = el("div", {id: "network-events", class: "panel"},
                  el("p", {class: "meta"}, "Who acts on whom: arrows go from actor to recipient; width = events; " +
                     "colour = quad category. Click an arrow to list its events, drag nodes to arrange."));
  if (!net.edges.length) {
    view.replaceChildren(el("div", {class: "panel"}, el("p", {class: "empty"}, "No actor → recipient events match.")));
    return;
  }
  list.prepend(el("p", {class: "meta", id: "network-meta"},
    `Showing the ${net.edges.length} heaviest of ${net.total_edges} actor → recipient links.`));
  const W = 1100, H = 700;
  const nodes = net.nodes.map(n => ({...n})), links = net.edges.map(e => ({...e}));
  const svg = d3.create("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("id", "network-svg");
  const defs = svg.append("defs");
  for (const q of QUADS) {
    defs.append("marker").attr("id", "arrow-" + q.replace(/\s+/g, "-")).attr("viewBox", "0 -5 10 10")
      .attr("refX", 10).attr("markerUnits", "userSpaceOnUse").attr("markerWidth", 11).attr("markerHeight", 11)
      .attr("orient", "auto")
      .append("path").attr("d", "M0,-5L10,0L0,5").attr("fill", QUAD_COLOUR[q]);
  }
  const maxW = d3.max(links, d => d.weight);
  const radius = d => 5 + 2.5 * Math.sqrt(d.weight);
  const link = svg.append("g").selectAll("path").data(links).join("path").attr("class", "link").attr("fill", "none")
    .attr("stroke", d => QUAD_COLOUR[d.quad] || "#999")
    .attr("stroke-width", d => 1.5 + 5 * d.weight / maxW)
    .attr("marker-end", d => `url(#arrow-${String(d.quad).replace(/\s+/g, "-")})`)
    .on("click", async (ev, d) => {
      const q = new URLSearchParams(f); q.set("actor", d.source.id); q.set("recipient", d.target.id); q.set("limit", "200");
      const page = await api("events", q);
      showEvents(list, page.items.filter(e => e.actors.some(a => (a.name || a.text) === d.source.id) &&
                                              e.recipients.some(a => (a.name || a.text) === d.target.id)),
                 `${d.source.id} → ${d.target.id}`);
    });
  link.append("title").text(d => `${d.source} → ${d.target}: ${d.weight} events (${d.quad})`);
  const node = svg.append("g").selectAll("g").data(nodes).join("g").attr("class", "node");
  node.append("circle").attr("r", radius);
  node.append("text").attr("x", 9).attr("y", 4).text(d => d.id);
  node.append("title").text(d => `${d.id}: ${d.weight}`);
  const sim = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id(d => d.id).distance(110))
    .force("charge", d3.forceManyBody().strength(-260).distanceMax(400))
    .force("collide", d3.forceCollide(d => radius(d) + 14))
    .force("center", d3.forceCenter(W / 2, H / 2))
    .force("x", d3.forceX(W / 2).strength(0.04)).force("y", d3.forceY(H / 2).strength(0.06));
  const tick = () => {
    for (const n of nodes) { n.x = Math.max(20, Math.min(W - 120, n.x)); n.y = Math.max(20, Math.min(H - 20, n.y)); }
    link.attr("d", d => {  // a slight arc (so A -> B and B -> A stay apart) ending at the target's rim
      const [sx, sy, tx, ty] = [d.source.x, d.source.y, d.target.x, d.target.y];
      const dist = Math.hypot(tx - sx, ty - sy) || 1, r = radius(d.target) + 2;
      const ex = tx - (tx - sx) * r / dist, ey = ty - (ty - sy) * r / dist;
      return `M${sx},${sy}A${dist * 1.6},${dist * 1.6} 0 0 1 ${ex},${ey}`;
    });
    node.attr("transform", d => `translate(${d.x},${d.y})`);
  };
  sim.on("tick", tick);
  sim.stop(); for (let i = 0; i < 300; i++) sim.tick(); tick();  // settle before showing: stable pictures
  node.call(d3.drag()
    .on("start", (ev, d) => { if (!ev.active) sim.alphaTarget(0.3).restart(); d.fx = d.x; d.fy = d.y; })
    .on("drag", (ev, d) => { d.fx = ev.x; d.fy = ev.y; })
    .on("end", (ev, d) => { if (!ev.active) sim.alphaTarget(0); d.fx = null; d.fy = null; }));
  view.replaceChildren(el("div", {class: "net-wrap panel"}, quadLegend(), svg.node()), list);
}

async function documentsView(params) {
  const words = params.get("q") || "";
  const input = el("input", {name: "q", value: words, placeholder: "words in the text", size: 30});
  const search = el("form", {id: "doc-search", onsubmit: ev => {
    ev.preventDefault(); const p = new URLSearchParams(); if (input.value.trim()) p.set("q", input.value.trim()); go("documents", p);
  }}, input, el("button", {type: "submit"}, "Search"));
  const ul = el("ul", {class: "hits", id: "doc-list"});
  if (words) {
    const hits = await api("search", new URLSearchParams({q: words, limit: "100"}));
    ul.dataset.total = hits.total;
    for (const d of hits.items) {
      ul.append(el("li", {}, el("a", {href: docHref(d.doc_id)}, d.title || d.doc_id), " ",
                   el("span", {class: "meta"}, [d.published, d.source].filter(Boolean).join(" · ")),
                   el("div", {class: "snip"}, d.snippet)));
    }
  } else {
    const page = await api("documents", new URLSearchParams({limit: "200"}));
    ul.dataset.total = page.total;
    for (const d of page.items) {
      ul.append(el("li", {}, el("a", {href: docHref(d.doc_id)}, d.title || d.doc_id), " ",
                   el("span", {class: "meta"}, [d.published, d.source, `${d.n_events} events`, `${d.n_quotes} quotes`]
                                                .filter(Boolean).join(" · "))));
    }
  }
  if (!ul.children.length) ul.append(el("li", {class: "empty"}, "No documents."));
  view.replaceChildren(el("div", {class: "panel"}, search,
    el("p", {class: "meta", id: "doc-count"}, `showing ${ul.querySelectorAll("li a").length} of ${ul.dataset.total || 0} documents`), ul));
}

async function quotesView(params) {
  const speaker = el("input", {name: "speaker", value: params.get("speaker") || "", placeholder: "speaker"});
  const words = el("input", {name: "words", value: params.get("words") || "", placeholder: "words"});
  const search = el("form", {onsubmit: ev => {
    ev.preventDefault(); const p = new URLSearchParams();
    if (speaker.value.trim()) p.set("speaker", speaker.value.trim());
    if (words.value.trim()) p.set("words", words.value.trim());
    go("quotes", p);
  }}, speaker, " ", words, " ", el("button", {type: "submit"}, "Find quotes"));
  const q = new URLSearchParams({limit: "200"});
  if (params.get("speaker")) q.set("speaker", params.get("speaker"));
  if (params.get("words")) q.set("text", params.get("words"));
  const ul = el("ul", {class: "hits", id: "quote-list"});
  const quotes = await api("quotes", q);
  for (const r of quotes.items) {
    ul.append(el("li", {}, el("b", {}, r.speaker_name || r.speaker_text || "unknown speaker"), ": ",
                 r.direct ? `“${r.quote}”` : r.quote, " ",
                 el("a", {href: docHref(r.doc_id) + "?quote=" + encodeURIComponent(r.quote_id)}, r.title || r.doc_id),
                 el("span", {class: "meta"}, " " + (r.published || ""))));
  }
  if (!ul.children.length) ul.append(el("li", {class: "empty"}, "No quotes."));
  view.replaceChildren(el("div", {class: "panel"}, search,
    el("p", {class: "meta", id: "quote-count"}, `showing ${quotes.items.length} of ${quotes.total} quotes`), ul));
}

// ---------------------------------------------------------------- incidents (sitroom fuse)
// An incident is every report of one real-world event, fused across documents: the list shows how many
// mentions and sources tell it and the spread of its figures; one incident shows its reports side by side
// (a column per document, each mention linked to its sentence in the reader), the figures per source with
// the disagreements highlighted, and the quotes about it by speaker.
const spreadText = (lo, hi) => lo === null || lo === undefined ? "" : lo === hi ? String(lo) : `${lo}–${hi}`;
const incidentHref = id => "#/incident/" + encodeURIComponent(id);

async function incidentsView(params) {
  const f = filterParams(params);
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const q = new URLSearchParams(f); q.set("limit", PAGE); q.set("offset", offset);
  q.set("min_mentions", params.get("min_mentions") || "2");
  const page = await api("incidents", q);
  const head = el("tr", {}, ["Reports", "Sources", "Type", "Actors", "Place", "Date", "Killed", "Injured",
                             "First report", "Sentence"].map(h => el("th", {}, h)));
  const body = el("tbody");
  for (const i of page.items) {
    const disagree = (i.killed_min !== i.killed_max) || (i.injured_min !== i.injured_max);
    body.append(el("tr", {"data-incident-id": i.incident_id, class: disagree ? "disagree" : null},
      el("td", {class: "num"}, i.mentions), el("td", {class: "num"}, i.n_sources),
      el("td", {}, el("span", {class: quadClass(i.quad), title: i.quad || ""}, i.event_type)),
      el("td", {}, i.actors.join(", ")), el("td", {}, [i.location, i.country].filter(Boolean).join(", ")),
      el("td", {}, i.date_start || (i.first_report ? i.first_report + " (reported)" : "")),
      el("td", {class: "num"}, spreadText(i.killed_min, i.killed_max)),
      el("td", {class: "num"}, spreadText(i.injured_min, i.injured_max)),
      el("td", {}, i.first_report || ""),
      el("td", {class: "sentence"}, el("a", {href: incidentHref(i.incident_id), class: "incident-link"}, i.sentence || i.incident_id))));
  }
  const move = to => { const p = new URLSearchParams(params); p.set("offset", Math.max(0, to)); go("incidents", p); };
  const pager = el("div", {class: "pager"},
    el("button", {type: "button", disabled: offset <= 0 ? "" : null, onclick: () => move(offset - PAGE)}, "‹ previous"),
    el("span", {id: "incident-count"}, page.total ? `showing ${offset + 1}–${offset + page.items.length} of ${page.total} incidents reported more than once` : "no incidents (run sitroom fuse)"),
    el("button", {type: "button", disabled: offset + PAGE >= page.total ? "" : null, onclick: () => move(offset + PAGE)}, "next ›"));
  view.replaceChildren(el("div", {}, pager, el("table", {id: "incidents"}, el("thead", {}, head), body)));
}

async function incidentView(id) {
  const i = await api("incidents/" + encodeURIComponent(id));
  const byDoc = Object.fromEntries(i.documents.map(d => [d.doc_id, []]));
  for (const e of i.events) (byDoc[e.doc_id] = byDoc[e.doc_id] || []).push(e);
  // the reports side by side: one column per document, oldest first
  const reports = el("div", {class: "reports", id: "incident-reports"});
  for (const d of i.documents) {
    reports.append(el("section", {class: "report panel", "data-doc-id": d.doc_id},
      el("h3", {}, el("a", {href: docHref(d.doc_id)}, d.title || d.doc_id)),
      el("p", {class: "meta"}, [d.source, d.published].filter(Boolean).join(" · ")),
      el("ul", {}, byDoc[d.doc_id].map(e => el("li", {"data-event-id": e.event_id, class: e.cumulative ? "cumulative" : null},
        el("span", {class: quadClass(QUAD_OF[e.event_type])}, e.event_type), " ",
        el("span", {class: "status-" + e.status}, e.status), " ",
        el("a", {href: docHref(e.doc_id, e.event_id), class: "event-link"}, e.sentence),
        el("div", {class: "meta"}, [e.date && e.time_precision !== "reported" ? "on " + e.date : null,
                                    e.location ? "at " + e.location : null,
                                    e.killed !== null ? `${e.killed} killed` + (e.cumulative ? " (cumulative toll, not counted)" : "") : null,
                                    e.injured !== null ? `${e.injured} injured` : null].filter(Boolean).join(" · ")))))));
  }
  // figures per source; a row whose sources disagree is highlighted
  const figs = el("tbody");
  for (const [field, v] of Object.entries(i.figures)) {
    const sources = Object.entries(v.by_source || {});
    const disagree = v.min !== null && v.min !== v.max;
    figs.append(el("tr", {"data-figure": field, class: disagree ? "disagree" : "agree"},
      el("th", {}, field), el("td", {class: "spread"}, spreadText(v.min, v.max) || "—"),
      el("td", {}, sources.length ? sources.map(([src, vals]) => el("span", {class: "by-source"}, el("b", {}, src), ": ",
        vals.map(x => el("span", {class: "value" + (disagree && (x === v.min || x === v.max) ? " extreme" : "")}, String(x))))) : "—"),
      el("td", {}, Object.entries(v.cumulative || {}).map(([src, vals]) =>
        el("span", {class: "by-source"}, `${src}: ${vals.join(", ")}`)))));
  }
  const figures = el("table", {id: "incident-figures"},
    el("thead", {}, el("tr", {}, el("th", {}, "figure"), el("th", {}, "min–max"), el("th", {}, "per source"),
                           el("th", {}, "cumulative tolls (not counted)"))), figs);
  // claims: quotes about the incident, grouped by speaker
  const claims = el("ul", {id: "incident-claims", class: "hits"});
  let last = null;
  for (const c of i.claims) {
    const who = c.speaker || "unknown speaker";
    if (who !== last) { claims.append(el("li", {class: "speaker"}, el("b", {}, who))); last = who; }
    claims.append(el("li", {class: "claim"}, c.direct ? `“${c.quote}”` : c.quote, " ",
      el("a", {href: docHref(c.doc_id) + "?quote=" + encodeURIComponent(c.quote_id)}, c.title || c.doc_id),
      el("span", {class: "meta"}, " " + [c.source, c.published].filter(Boolean).join(" · "))));
  }
  if (!i.claims.length) claims.append(el("li", {class: "empty"}, "No quotes about it."));
  const where = [i.location, i.country].filter(Boolean).join(", ");
  view.replaceChildren(
    el("h2", {id: "incident-title"}, el("span", {class: quadClass(i.quad)}, i.event_type), " ",
       (i.actors.join(", ") || "unnamed actors") + (i.recipients.length ? " → " + i.recipients.join(", ") : ""),
       where ? " at " + where : ""),
    el("p", {class: "meta", id: "incident-meta"}, `${i.mentions} mentions in ${i.n_documents} documents from ${i.n_sources} sources; ` +
       `first reported ${i.first_report || "?"}, last ${i.last_report || "?"}` + (i.date_start ? `; dated ${i.date_start}` : "")),
    el("h3", {}, "Figures"), figures,
    el("h3", {}, "Reports"), reports,
    el("h3", {}, "What was said about it"), el("div", {class: "panel"}, claims));
}

// ---------------------------------------------------------------- the reader
async function readerView(docId, params) {
  const d = await api("documents/" + encodeURIComponent(docId));
  const text = d.text;
  // Every mark is [start, end, class, id]; the text is cut at every boundary and each piece carries the
  // classes of the marks covering it, so overlapping marks (a date inside an event sentence) all show.
  const marks = [];
  const add = (span, cls, id) => {
    if (Array.isArray(span) && span[0] < span[1] && span[0] >= 0 && span[1] <= text.length) marks.push([span[0], span[1], cls, id]);
  };
  d.events.forEach(e => { add(e.span, "ev", e.event_id); if (e.trigger) add(e.trigger.span, "trigger", e.event_id);
                          for (const a of [...e.actor, ...e.recipient]) add(a.span, "actor", e.event_id); });
  d.quotes.forEach(q => add(q.span, "quote", q.quote_id));
  d.places.forEach((p, i) => add(p.span, "place", "place-" + i));
  d.dates.forEach((w, i) => add(w.span, "date", "date-" + i));
  const cuts = [...new Set([0, text.length, ...marks.flatMap(m => [m[0], m[1]])])].sort((a, b) => a - b);
  const body = el("div", {class: "doc-text", id: "doc-text"});
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [s, e] = [cuts[i], cuts[i + 1]];
    const on = marks.filter(m => m[0] <= s && m[1] >= e);
    if (!on.length) { body.append(document.createTextNode(text.slice(s, e))); continue; }
    const span = el("span", {class: [...new Set(on.map(m => m[2]))].join(" ")}, text.slice(s, e));
    const evs = on.filter(m => m[2] === "ev").map(m => m[3]);
    if (evs.length) { span.dataset.events = evs.join(" "); span.addEventListener("click", () => select(evs[0])); }
    const q = on.find(m => m[2] === "quote"); if (q) span.dataset.quote = q[3];
    span.title = on.map(m => m[2]).filter((v, j, a) => a.indexOf(v) === j).join(", ");
    body.append(span);
  }
  const evList = el("ul", {id: "doc-events"});
  for (const e of d.events) {
    const who = [e.actor.map(a => a.name || a.text).join(", "), e.recipient.map(a => a.name || a.text).join(", ")]
      .filter(Boolean).join(" → ");
    evList.append(el("li", {class: "ev-item", "data-event-id": e.event_id, onclick: () => select(e.event_id)},
      el("span", {class: quadClass(QUAD_OF[e.event_type])}, e.event_type), " ",
      el("span", {class: "status-" + e.status}, e.status), " ", who,
      e.location ? el("div", {class: "meta"}, "at " + (e.location.name || e.location.text)) : null,
      e.date ? el("div", {class: "meta"}, "on " + (e.date.start || e.date.text)) : null,
      e.counts && e.counts.killed != null ? el("div", {class: "meta"}, `${e.counts.killed} killed`) : null,
      e.incident && e.incident.mentions > 1 ? el("div", {class: "meta"}, el("a", {href: incidentHref(e.incident_id),
        class: "incident-link"}, `one of ${e.incident.mentions} reports of an incident (${e.incident.sources} sources)`)) : null));
  }
  const list = (items, f) => el("ul", {}, items.length ? items.map(f) : [el("li", {class: "empty"}, "none")]);
  const side = el("aside", {class: "side panel"},
    el("h3", {}, `Events (${d.events.length})`), evList,
    el("h3", {}, `Quotes (${d.quotes.length})`),
    list(d.quotes, q => el("li", {}, el("b", {}, q.speaker ? (q.speaker.name || q.speaker.text) : "?"), ": ", q.quote)),
    el("h3", {}, `Places (${d.places.length})`),
    list(d.places, p => el("li", {}, p.text, p.name && p.name !== p.text ? ` (${p.name})` : "",
                          p.country ? el("span", {class: "meta"}, " " + p.country) : null)),
    el("h3", {}, `Dates (${d.dates.length})`),
    list(d.dates, w => el("li", {}, w.text,
      w.start || w.value ? el("span", {class: "meta"}, " " + (w.value || w.start)) : null)));
  const legend = el("div", {class: "legend"}, el("span", {class: "doc-text-legend"}, "Highlights: "),
    el("span", {style: "background:#fff6d6"}, "event sentence"), el("b", {}, el("u", {}, "trigger")),
    el("span", {style: "color:#1f5fa8"}, "quote"), el("span", {style: "border-bottom:2px solid #2e8b57"}, "place"),
    el("span", {style: "border-bottom:2px dashed #8e44ad"}, "date"));
  view.replaceChildren(
    el("h2", {id: "doc-title"}, d.title || d.doc_id),
    el("p", {class: "meta"}, [d.source, d.published, d.url].filter(Boolean).join(" · ")),
    legend, el("div", {class: "reader", id: "reader"}, body, side));

  function select(eventId, scroll = true) {
    for (const n of view.querySelectorAll(".selected")) n.classList.remove("selected");
    const pieces = [...body.querySelectorAll("[data-events]")].filter(n => n.dataset.events.split(" ").includes(eventId));
    pieces.forEach(n => n.classList.add("selected"));
    const item = evList.querySelector(`[data-event-id="${CSS.escape(eventId)}"]`);
    if (item) item.classList.add("selected");
    if (scroll && pieces.length) pieces[0].scrollIntoView({block: "center"});
    history.replaceState(null, "", docHref(docId, eventId));
  }
  const want = params.get("event");
  if (want) select(want);
  const quote = params.get("quote");
  if (quote) { const n = body.querySelector(`[data-quote="${CSS.escape(quote)}"]`); if (n) { n.classList.add("selected"); n.scrollIntoView({block: "center"}); } }
}
const QUAD_OF = {};
for (const [q, types] of Object.entries({
  "verbal cooperation": ["AGREE", "CONSULT", "SUPPORT", "CONCEDE"], "material cooperation": ["COOPERATE", "AID", "RETREAT"],
  "verbal conflict": ["REQUEST", "ACCUSE", "REJECT", "THREATEN"],
  "material conflict": ["PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]})) for (const t of types) QUAD_OF[t] = q;

// ---------------------------------------------------------------- the time bar: a brush that filters every view
// Monthly counts of the matching events over all time (the date filters left out), on a time axis; dragging
// selects a period and sets date_from/date_to for the table, the timeline, the map and the network alike.
const timebar = document.getElementById("timebar");
async function timeBar(r) {
  if (!["events", "timeline", "map", "network"].includes(r.name) || !window.d3) { timebar.hidden = true; return; }
  timebar.hidden = false;
  const f = filterParams(r.params); f.delete("date_from"); f.delete("date_to"); f.set("bucket", "month");
  const rows = (await api("timeline", f)).items;
  const W = 1100, H = 56, left = 40, right = 10, bottom = 16;
  if (!rows.length) { timebar.replaceChildren(); return; }
  const months = d3.rollup(rows, v => d3.sum(v, x => x.n), x => x.period);
  const keys = [...months.keys()].sort();
  const x = d3.scaleUtc().domain([periodRange(keys[0])[0], periodRange(keys[keys.length - 1])[1]]).range([left, W - right]);
  const y = d3.scaleLinear().domain([0, d3.max(months.values())]).range([H - bottom, 4]);
  const svg = d3.create("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("id", "timebar-svg");
  svg.append("g").selectAll("rect").data(keys).join("rect").attr("class", "tb-bar")
    .attr("x", k => x(periodRange(k)[0])).attr("width", k => Math.max(1, x(periodRange(k)[1]) - x(periodRange(k)[0]) - 0.5))
    .attr("y", k => y(months.get(k))).attr("height", k => H - bottom - y(months.get(k)))
    .append("title").text(k => `${k}: ${months.get(k)} events`);
  svg.append("g").attr("transform", `translate(0,${H - bottom})`).call(d3.axisBottom(x).ticks(W / 90).tickSizeOuter(0));
  const brush = d3.brushX().extent([[left, 2], [W - right, H - bottom]]).on("end", ev => {
    if (!ev.sourceEvent) return;  // moved by the code below, not by the user
    const p = new URLSearchParams(r.params);
    if (!ev.selection) { p.delete("date_from"); p.delete("date_to"); }
    else { p.set("date_from", isoDay(x.invert(ev.selection[0]))); p.set("date_to", isoDay(x.invert(ev.selection[1]))); }
    p.delete("offset");
    go(r.name, p);
  });
  const gb = svg.append("g").attr("class", "brush").call(brush);
  const from = r.params.get("date_from"), to = r.params.get("date_to");
  if (from || to) {
    const a = from ? periodRange(from)[0] : x.domain()[0], b = to ? periodRange(to)[1] : x.domain()[1];
    gb.call(brush.move, [Math.max(left, x(a)), Math.min(W - right, x(b))]);
  }
  const label = from || to ? `${from || "…"} – ${to || "…"}` : "all dates";
  timebar.replaceChildren(el("div", {class: "tb-head"}, el("span", {id: "timebar-range"}, "Period: " + label),
    " ", el("span", {class: "meta"}, "drag on the bars to choose a period; click outside the selection to clear it")),
    svg.node());
}

// ---------------------------------------------------------------- router
const VIEWS = {events: eventsView, timeline: timelineView, map: mapView, network: networkView,
               incidents: incidentsView, documents: documentsView, quotes: quotesView};
let rendering = 0;
async function render() {
  const r = route();
  const mine = ++rendering;
  for (const a of document.querySelectorAll("#nav a")) {
    a.classList.toggle("active", a.dataset.view === r.name);
    const p = filterParams(r.params);
    a.href = "#/" + a.dataset.view + (p.toString() && !["documents", "quotes"].includes(a.dataset.view) ? "?" + p : "");
  }
  syncForm(r.params);
  document.body.dataset.view = r.name;
  view.setAttribute("aria-busy", "true");
  try {
    timeBar(r).catch(() => { timebar.hidden = true; });
    if (r.name === "doc" && r.arg) await readerView(r.arg, r.params);
    else if (r.name === "incident" && r.arg) await incidentView(r.arg);
    else await (VIEWS[r.name] || eventsView)(r.params);
  } catch (err) {
    if (mine === rendering) view.replaceChildren(el("p", {class: "error", id: "error"}, String(err.message || err)));
  } finally {
    if (mine === rendering) { view.setAttribute("aria-busy", "false"); document.body.dataset.ready = r.name; }
  }
}
window.addEventListener("hashchange", render);
window.addEventListener("DOMContentLoaded", async () => {
  render();
  try {
    const s = await api("summary");
    document.getElementById("stats").textContent =
      `${s.documents} documents · ${s.events} events · ${s.quotes} quotes · ${s.places} places`;
  } catch (e) { /* the views show errors */ }
});
