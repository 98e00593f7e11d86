// newsgraph web: search suggestions, the document view, the networks.
// Every piece of store text reaches the page through textContent or cytoscape's canvas,
// never through innerHTML: an article's markup stays text.
"use strict";

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function entityUrl(id) { return "/entities/" + encodeURIComponent(id); }

// -- suggestions: data-suggest="go" opens the entity, "pick" fills a hidden id, "fill" the box
function setupSuggest(input) {
  const mode = input.dataset.suggest;
  const box = el("ul", "suggest");
  box.hidden = true;
  box.setAttribute("role", "listbox");
  input.parentElement.appendChild(box);
  let timer = null, items = [], active = -1, seq = 0;
  const exclude = input.dataset.exclude || "";

  function close() { box.hidden = true; active = -1; }
  function choose(hit) {
    if (mode === "go") { window.location.href = entityUrl(hit.entity_id); return; }
    if (mode === "pick") {
      const target = document.getElementById(input.dataset.target);
      target.value = hit.entity_id;
      input.value = hit.name;
      let note = input.parentElement.querySelector(".picked");
      if (!note) { note = el("span", "picked"); input.after(note); }
      note.textContent = "✓ " + hit.name + " (" + hit.type + ", " + hit.n_docs + " articles)";
    } else {
      input.value = hit.name;
    }
    close();
  }
  function show(hits) {
    box.replaceChildren();
    items = hits.filter(h => h.entity_id !== exclude);
    items.forEach((h, i) => {
      const li = el("li");
      li.setAttribute("role", "option");
      li.appendChild(el("b", null, h.name));
      li.appendChild(el("span", "badge ty-" + h.type, h.type));
      const via = h.matched_name !== h.name ? "as “" + h.matched_name + "”" : "";
      li.appendChild(el("span", "via", (via ? via + " · " : "") + h.n_docs + " articles"));
      li.addEventListener("mousedown", ev => { ev.preventDefault(); choose(h); });
      li.dataset.i = i;
      box.appendChild(li);
    });
    box.hidden = items.length === 0;
    active = -1;
  }
  function move(d) {
    if (box.hidden || !items.length) return;
    active = (active + d + items.length) % items.length;
    [...box.children].forEach((li, i) => li.classList.toggle("active", i === active));
  }
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (mode === "pick") document.getElementById(input.dataset.target).value = "";
    if (q.length < 2) { close(); return; }
    timer = setTimeout(async () => {
      const mine = ++seq;
      try {
        const r = await fetch("/api/suggest?limit=8&q=" + encodeURIComponent(q));
        if (!r.ok || mine !== seq) return;
        show(await r.json());
      } catch (e) { close(); }
    }, 120);
  });
  input.addEventListener("keydown", ev => {
    if (ev.key === "ArrowDown") { move(1); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { move(-1); ev.preventDefault(); }
    else if (ev.key === "Escape") close();
    else if (ev.key === "Enter" && !box.hidden && active >= 0) { ev.preventDefault(); choose(items[active]); }
    else if (ev.key === "Enter" && mode === "pick") ev.preventDefault();
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

// -- the document view: layers, facts picked in the side panel, the linked evidence in view
function setupDocview(view) {
  const text = view.querySelector("article.text");
  view.querySelectorAll("input[data-layer]").forEach(box => {
    box.addEventListener("change", () => text.classList.toggle("hide-" + box.dataset.layer, !box.checked));
  });
  function pick(li) {
    view.querySelectorAll(".flash").forEach(e => e.classList.remove("flash"));
    view.querySelectorAll("li.fact.active").forEach(e => e.classList.remove("active"));
    li.classList.add("active");
    const segs = text.querySelectorAll('[data-k~="' + CSS.escape(li.dataset.k) + '"]');
    segs.forEach(e => e.classList.add("flash"));
    const sent = li.dataset.sent !== "" ? document.getElementById("s" + li.dataset.sent) : null;
    const first = segs.length ? segs[0] : sent;
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
    if (sent) history.replaceState(null, "", "#s" + li.dataset.sent);
  }
  view.querySelectorAll("li.fact").forEach(li => {
    li.addEventListener("click", ev => { if (ev.target.tagName !== "A") pick(li); });
    li.addEventListener("keydown", ev => { if (ev.key === "Enter") pick(li); });
  });
  const target = text.querySelector(".hl") || (location.hash ? document.getElementById(location.hash.slice(1)) : null);
  if (target) target.scrollIntoView({ block: "center" });
}

// -- networks (cytoscape.js, vendored)
const TYPE_COLOURS = {
  AGREE: "#2b8a3e", CONSULT: "#1c7ed6", SUPPORT: "#0ca678", CONCEDE: "#5c940d", COOPERATE: "#1971c2",
  AID: "#099268", RETREAT: "#66a80f", REQUEST: "#3b5bdb", ACCUSE: "#e67700", REJECT: "#f08c00",
  THREATEN: "#d9480f", PROTEST: "#ae3ec9", SANCTION: "#c2255c", MOBILIZE: "#862e9c", COERCE: "#c92a2a",
  ASSAULT: "#a61e1e",
};
const NODE_COLOURS = { PERSON: "#2d6cdf", ORG: "#8a4fd1", GPE: "#1f8a5b", LOC: "#1f8a5b", FAC: "#1f8a5b" };

function netStyle() {
  return [
    { selector: "node", style: {
      "label": "data(name)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3, "color": "#1d2430",
      "background-color": ele => NODE_COLOURS[ele.data("type")] || "#8a9099",
      "width": "data(size)", "height": "data(size)", "text-wrap": "ellipsis", "text-max-width": 120,
      "text-background-color": "#fff", "text-background-opacity": 0.7, "text-background-padding": 1 } },
    { selector: "node.center", style: { "border-width": 3, "border-color": "#ffd43b", "font-weight": "bold", "font-size": 12 } },
    { selector: "edge", style: {
      "width": "data(width)", "curve-style": "bezier", "line-color": "data(colour)", "opacity": 0.8,
      "target-arrow-shape": "data(arrow)", "target-arrow-color": "data(colour)", "arrow-scale": 0.9 } },
    { selector: "edge.co", style: { "line-style": "dashed", "line-color": "#b8bec7", "opacity": 0.6 } },
    { selector: "edge[label]", style: { "label": "data(label)", "font-size": 9, "color": "#5f6b7a", "text-rotation": "autorotate" } },
  ];
}

function fitGently(cy) {
  cy.fit(undefined, 24);
  if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); }
}

function makeGraph(container) {
  const cy = cytoscape({ container, style: netStyle(), minZoom: 0.2, maxZoom: 3 });
  cy.on("tap", "node", ev => { window.location.href = entityUrl(ev.target.id()); });
  cy.on("mouseover", "node", () => { container.style.cursor = "pointer"; });
  cy.on("mouseout", "node", () => { container.style.cursor = ""; });
  return cy;
}

function setupEgoNet(box) {
  if (typeof cytoscape === "undefined") return;
  const id = box.dataset.entity, page = Number(box.dataset.page || 25);
  const cy = makeGraph(box);
  const counter = document.getElementById("net-count");
  const moreBtn = document.getElementById("net-more");
  const co = document.getElementById("net-comention");
  const name = document.getElementById("entity-name").textContent;
  let offset = 0;
  async function load(reset) {
    if (reset) { offset = 0; cy.elements().remove(); }
    const kind = co.checked ? "all" : "events";
    const url = entityUrl(id) .replace("/entities/", "/api/entities/") + "/neighbours?kind=" + kind +
      "&limit=" + page + "&offset=" + offset + (box.dataset.query ? "&" + box.dataset.query : "");
    const r = await fetch(url);
    if (!r.ok) { counter.textContent = "(could not load)"; return; }
    const data = await r.json();
    if (!cy.getElementById(id).length) cy.add({ data: { id, name, type: "", size: 26 }, classes: "center" });
    for (const n of data.neighbours) {
      if (!cy.getElementById(n.entity_id).length) {
        cy.add({ data: { id: n.entity_id, name: n.name, type: n.type, size: 12 + Math.min(18, 3 * Math.sqrt(n.acts_on + n.acted_on_by + n.co_mentions)) } });
      }
      if (n.acts_on) cy.add({ data: { source: id, target: n.entity_id, width: 1 + Math.min(6, n.acts_on), colour: "#c92a2a", arrow: "triangle", label: n.acts_on > 1 ? String(n.acts_on) : undefined } });
      if (n.acted_on_by) cy.add({ data: { source: n.entity_id, target: id, width: 1 + Math.min(6, n.acted_on_by), colour: "#1c7ed6", arrow: "triangle", label: n.acted_on_by > 1 ? String(n.acted_on_by) : undefined } });
      if (!n.acts_on && !n.acted_on_by && n.co_mentions) cy.add({ data: { source: id, target: n.entity_id, width: 1, colour: "#b8bec7", arrow: "none" }, classes: "co" });
    }
    if (reset && !data.total && !co.checked) {  // nobody acts on it: show who it is named with
      co.checked = true;
      return load(true);
    }
    offset += data.neighbours.length;
    counter.textContent = offset ? offset + " of " + data.total + " neighbours" : "no one, with these filters";
    moreBtn.hidden = offset >= data.total;
    cy.layout({ name: "concentric", concentric: n => (n.id() === id ? 10 : 1), levelWidth: () => 1, minNodeSpacing: 18, animate: false }).run();
    fitGently(cy);
  }
  co.addEventListener("change", () => load(true));
  moreBtn.addEventListener("click", () => load(false));
  load(true);
}

async function setupBigNet(box) {
  if (typeof cytoscape === "undefined") return;
  const cy = makeGraph(box);
  const counter = document.getElementById("net-count");
  const kind = box.dataset.kind;
  const r = await fetch("/api/network?" + box.dataset.query);
  if (!r.ok) { counter.textContent = "(could not load)"; return; }
  const data = await r.json();
  const edges = data.edges.filter(e => kind === "all" || e.kind === kind);
  const used = new Set(edges.flatMap(e => [e.source, e.target]));
  for (const n of data.nodes) {
    if (used.has(n.id)) cy.add({ data: { id: n.id, name: n.name, type: n.type, size: 10 + Math.min(30, 4 * Math.sqrt(n.n_docs)) } });
  }
  for (const e of edges) {
    const isEvent = e.kind === "event";
    cy.add({ data: { source: e.source, target: e.target, width: 1 + Math.min(8, Math.log2(1 + e.weight) * 1.5),
      colour: isEvent ? (TYPE_COLOURS[e.event_type] || "#7a7f87") : "#b8bec7", arrow: isEvent ? "triangle" : "none",
      label: isEvent ? e.event_type : undefined }, classes: isEvent ? "" : "co" });
  }
  counter.textContent = cy.nodes().length + " entities, " + edges.length + " edges";
  cy.layout({ name: "cose", animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 80, randomize: false, numIter: 1500 }).run();
  fitGently(cy);
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-suggest]").forEach(setupSuggest);
  document.querySelectorAll("form[data-autosubmit] select").forEach(s => s.addEventListener("change", () => s.form.submit()));
  document.querySelectorAll("form#merge-form").forEach(f => f.addEventListener("submit", ev => {
    if (!document.getElementById("merge-other").value) {
      ev.preventDefault();
      document.getElementById("merge-search").focus();
    }
  }));
  const view = document.getElementById("docview");
  if (view) setupDocview(view);
  const ego = document.getElementById("egonet");
  if (ego) setupEgoNet(ego);
  const big = document.getElementById("bignet");
  if (big) setupBigNet(big);
});
