// hookcli inspector: a JSON body as a tree whose objects and arrays fold (<details>), built
// with createElement and textContent only. Past TREE_NODES values it gives up, and the page
// shows the raw text instead.
"use strict";
const TREE_NODES = 20000;

// The tree for `text`, or null when it is not JSON (a cut body) or too big to draw.
function jsonTree(text) {
  let value;
  try { value = JSON.parse(text); } catch { return null; }
  const budget = { left: TREE_NODES };
  try {
    const root = document.createElement("div");
    root.className = "json-tree";
    root.append(treeNode(null, value, "", budget, 0));
    return root;
  } catch { return null; }
}

function treeNode(key, value, path, budget, depth) {
  if (--budget.left < 0 || depth > 200) throw new Error("too big");
  const label = key === null ? null : el("span", "key", key + ": ");
  if (value === null || typeof value !== "object") {
    const line = el("div", "leaf", label, el("span", "v " + (value === null ? "null" : typeof value), JSON.stringify(value)));
    line.dataset.path = path;
    return line;
  }
  const array = Array.isArray(value);
  const entries = array ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const d = document.createElement("details");
  d.open = true;
  d.dataset.path = path;
  const count = array ? `[${entries.length}]` : `{${entries.length}}`;
  d.append(el("summary", null, label, el("span", "note", count)));
  const kids = el("div", "kids");
  for (const [k, v] of entries) kids.append(treeNode(k, v, path ? path + "." + k : k, budget, depth + 1));
  d.append(kids);
  return d;
}
