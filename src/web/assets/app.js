// hookcli inspector. Every string from a capture goes in with textContent: nothing the
// sender wrote is ever parsed as markup.
"use strict";
const token = document.body.dataset.token;
const $ = (id) => document.getElementById(id);
const rows = $("rows");
const byId = new Map();
let filter = "";
let lastId = null;
let more = false;
let loading = false;
let source = null;
let current = null;
let marked = null;
let tab = "request";
let total = 0;

function el(tag, cls, ...kids) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  for (const k of kids) e.append(k == null ? "" : typeof k === "object" ? k : String(k));
  return e;
}
function say(msg, bad) { const s = $("status"); s.textContent = msg; s.className = bad ? "err" : ""; }
async function api(path, opts = {}) {
  opts.headers = Object.assign({ "x-hookcli-token": token }, opts.headers || {});
  const r = await fetch(path, opts);
  const kind = r.headers.get("content-type") || "";
  const data = kind.startsWith("application/json") ? await r.json() : await r.text();
  if (!r.ok) throw new Error((data && data.error) || data || r.statusText);
  return data;
}
function qs(extra) {
  const p = new URLSearchParams(extra);
  if (filter) p.set("filter", filter);
  return p.toString();
}
function size(n) {
  if (n < 1024) return n + " B";
  if (n < 1048576) return (n / 1024).toFixed(1) + " KiB";
  return (n / 1048576).toFixed(1) + " MiB";
}
function clock(t) { const d = new Date(t); return isNaN(d) ? t : d.toLocaleTimeString(); }

function rowEl(r) {
  const tr = el("tr", null,
    el("td", null, clock(r.time)),
    el("td", null, r.method),
    el("td", "path", r.path),
    el("td", null, size(r.size)),
    el("td", null, r.verdict ? el("span", "badge " + r.verdict, (r.provider || "") + " " + r.verdict) : ""),
    el("td", r.fwd_status >= 400 || r.status >= 400 ? "err" : null, r.fwd_status ?? r.status ?? ""),
    el("td", null, r.ms == null ? "" : Math.round(r.ms)));
  tr.dataset.id = r.id;
  tr.dataset.time = r.time;
  tr.title = r.path;
  tr.addEventListener("click", () => select(r.id));
  if (current === r.id) tr.classList.add("selected");
  return tr;
}
function upsert(r, live) {
  const tr = rowEl(r);
  const old = byId.get(r.id);
  if (old) old.replaceWith(tr);
  else if (live) {
    tr.classList.add("fresh");
    rows.prepend(tr);
    $("count").textContent = ++total + " stored";
  }
  else rows.append(tr);
  tr.dataset.shown = Date.now();
  byId.set(r.id, tr);
}

async function page() {
  if (loading) return;
  loading = true;
  try {
    const p = { limit: 200 };
    if (lastId) p.before = lastId;
    const data = await api("/api/captures?" + qs(p));
    for (const r of data.rows) upsert(r, false);
    if (data.rows.length) lastId = data.rows[data.rows.length - 1].id;
    more = data.more;
    total = data.total;
    $("count").textContent = total + " stored";
    $("more").textContent = more ? "scroll for more…" : "";
    $("filter").classList.remove("bad");
  } catch (e) {
    $("filter").classList.add("bad");
    say(e.message, true);
  } finally {
    loading = false;
  }
}
function follow() {
  if (source) source.close();
  source = new EventSource("/api/events?" + qs({ token }));
  source.addEventListener("row", (e) => {
    const r = JSON.parse(e.data);
    upsert(r, true);
    if (current === r.id) select(r.id);
  });
  source.addEventListener("reload", () => restart());
}
async function restart() {
  rows.replaceChildren();
  byId.clear();
  lastId = null;
  follow();
  await page();
  document.body.dataset.ready = "1";
  window.hookcliReady = performance.now();
}
$("list").addEventListener("scroll", () => {
  const l = $("list");
  if (more && l.scrollTop + l.clientHeight > l.scrollHeight - 400) page();
});
$("filter-form").addEventListener("submit", (e) => {
  e.preventDefault();
  filter = $("filter").value.trim();
  say("");
  restart();
});

// The selected capture.
let detail = null;
async function select(id) {
  current = id;
  for (const tr of rows.querySelectorAll("tr.selected")) tr.classList.remove("selected");
  const tr = byId.get(id);
  if (tr) tr.classList.add("selected");
  try {
    detail = await api("/api/captures/" + encodeURIComponent(id));
  } catch (e) { say(e.message, true); return; }
  $("empty").hidden = true;
  $("actions").hidden = false;
  $("tabs").hidden = false;
  $("editor").hidden = true;
  $("curl-text").hidden = true;
  $("dl-json").href = `/api/captures/${id}/export?format=json&token=${token}`;
  $("dl-har").href = `/api/captures/${id}/export?format=har&token=${token}`;
  $("compare").disabled = !marked || marked === id;
  show(tab);
}
function headersEl(pairs) {
  const dl = el("dl");
  for (const [k, v] of pairs) dl.append(el("dt", null, k), el("dd", null, v));
  return dl;
}
function bodyEl(b, id) {
  const box = el("div");
  const notes = [size(b.size), b.kind];
  if (b.gzip) notes.push("gzip decoded");
  box.append(el("p", "note", notes.join(" · ")));
  if (b.kind === "form") box.append(headersEl(b.fields));
  else if (b.kind !== "empty") {
    const pre = el("pre", null, b.text);
    pre.id = id || "";
    const tree = b.kind === "json" && !b.cut ? jsonTree(b.text) : null;
    if (tree) {
      // The tree first; the raw text a click away (it is what Edit & replay starts from).
      const toggle = el("button", "toggle", "Raw");
      const flip = () => {
        pre.hidden = !pre.hidden; tree.hidden = !tree.hidden;
        toggle.textContent = pre.hidden ? "Raw" : "Tree";
      };
      toggle.addEventListener("click", flip);
      if (id) toggle.id = id + "-toggle";
      pre.hidden = true;
      box.append(toggle, tree);
    }
    box.append(pre);
  }
  if (b.cut) {
    const a = el("a", null, "shown cut: download the whole body (" + size(b.size) + ")");
    a.href = `/api/captures/${current}/body?token=${token}`;
    a.download = "";
    box.append(el("p", null, a));
  }
  return box;
}
function show(name) {
  tab = name;
  for (const b of $("tabs").children) b.classList.toggle("on", b.dataset.tab === name);
  const d = detail, pane = $("pane");
  pane.replaceChildren();
  if (!d) return;
  if (name === "request") {
    pane.append(el("p", "mono", `${d.row.method} ${d.row.path} ${d.http_version}`),
      el("p", "note", `${d.row.time} · from ${d.remote_addr || d.row.origin}${d.row.replay_of ? " · replay of " + d.row.replay_of : ""}`),
      headersEl(d.headers));
  } else if (name === "body") {
    pane.append(bodyEl(d.body, "body-text"));
  } else if (name === "responses") {
    if (!d.forwards.length) pane.append(el("p", "note", "not forwarded"));
    for (const f of d.forwards) {
      pane.append(el("h4", null, `${f.target} → ${f.status ?? "no answer"} in ${Math.round(f.ms)} ms`));
      if (f.error) pane.append(el("p", "err", f.error));
      pane.append(headersEl(f.headers), bodyEl(f.body));
    }
  } else if (name === "signature") {
    const s = d.signature;
    if (!s) pane.append(el("p", "note", "no signature scheme recognised"));
    else pane.append(el("p", null, el("span", "badge " + s.verdict, s.provider + " " + s.verdict)), el("pre", null, s.detail));
  }
}
for (const b of $("tabs").children) b.addEventListener("click", () => show(b.dataset.tab));

async function replay(body) {
  say("replaying…");
  try {
    const r = await api("/api/replay", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    say(`replayed${r.resigned ? " (re-signed)" : ""} to ${r.targets.join(", ")}: ${r.status ?? r.error ?? "sent"} · new capture ${r.id}`, !r.status);
  } catch (e) { say("replay failed: " + e.message, true); }
}
$("replay").addEventListener("click", () => replay({ id: current }));
$("replay-original").addEventListener("click", () => replay({ id: current, original: true }));
$("edit").addEventListener("click", () => {
  const d = detail;
  $("edit-method").value = d.row.method;
  $("edit-path").value = d.row.path;
  $("edit-headers").value = d.headers.map(([k, v]) => k + ": " + v).join("\n");
  $("edit-body").value = d.body.kind === "binary" ? "" : (d.body.kind === "json" ? d.body.text : d.body.text);
  $("editor").hidden = false;
});
$("edit-cancel").addEventListener("click", () => { $("editor").hidden = true; });
$("editor").addEventListener("submit", (e) => {
  e.preventDefault();
  const headers = $("edit-headers").value.split("\n").filter((l) => l.trim()).map((l) => {
    const i = l.indexOf(":");
    return i < 0 ? [l.trim(), ""] : [l.slice(0, i).trim(), l.slice(i + 1).trim()];
  });
  replay({ id: current, to: $("edit-to").value, edit: { method: $("edit-method").value, path: $("edit-path").value, headers, body: $("edit-body").value } });
});
$("copy-curl").addEventListener("click", async () => {
  try {
    const text = await api(`/api/captures/${current}/curl`);
    const pre = $("curl-text");
    pre.textContent = text;
    pre.hidden = false;
    try { await navigator.clipboard.writeText(text); say("curl command copied"); } catch { say("curl command shown below (the clipboard is not available)"); }
  } catch (e) { say(e.message, true); }
});
$("mark").addEventListener("click", () => { marked = current; say("marked " + current + " for compare"); $("compare").disabled = true; });
$("compare").addEventListener("click", async () => {
  let a;
  try { a = await api("/api/captures/" + marked); } catch (e) { say(e.message, true); return; }
  compare(a, detail);
});
function compare(a, b) {
  const pane = $("pane");
  pane.replaceChildren(el("h4", null, `${a.row.id} ⟷ ${b.row.id}`));
  const t = el("table", "compare");
  // One row a line: removed lines only on the left, added ones only on the right.
  const section = (label, al, bl) => {
    const ops = lineDiff(al, bl);
    ops.forEach((o, i) => {
      const tr = el("tr", o.op === "same" ? null : "diff " + o.op,
        el("td", null, i === 0 ? label : ""), el("td", null, o.a ?? ""), el("td", null, o.b ?? ""));
      tr.dataset.op = o.op;
      tr.dataset.section = label;
      t.append(tr);
    });
    if (ops.capped) t.append(el("tr", "note", el("td"), el("td", null, "too large to diff: the rest is lined up by position")));
  };
  section("request", [`${a.row.method} ${a.row.path}`], [`${b.row.method} ${b.row.path}`]);
  const lines = (d) => d.headers.map((h) => h[0] + ": " + h[1]);
  section("headers", lines(a), lines(b));
  section("body", (a.body.text || "").split("\n"), (b.body.text || "").split("\n"));
  pane.append(t);
}

restart();
