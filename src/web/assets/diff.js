// hookcli inspector: a line diff for Compare. Longest common subsequence over the lines left
// after the common head and tail are cut off; past DIFF_CELLS table cells it stops and pairs
// the rest by position (marked so), so a huge body cannot hang the page.
"use strict";
const DIFF_CELLS = 4000000;

// [{op: "same"|"chg"|"del"|"add", a, b}], in order; `chg` pairs a removed line with the added
// one that took its place.
function lineDiff(al, bl) {
  let head = 0;
  while (head < al.length && head < bl.length && al[head] === bl[head]) head++;
  let tail = 0;
  while (tail < al.length - head && tail < bl.length - head
    && al[al.length - 1 - tail] === bl[bl.length - 1 - tail]) tail++;
  const a = al.slice(head, al.length - tail), b = bl.slice(head, bl.length - tail);
  const ops = [];
  for (let i = 0; i < head; i++) ops.push({ op: "same", a: al[i], b: bl[i] });
  let capped = false;
  if ((a.length + 1) * (b.length + 1) > DIFF_CELLS) {
    capped = true;
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length) ops.push({ op: "add", b: b[i] });
      else if (i >= b.length) ops.push({ op: "del", a: a[i] });
      else ops.push({ op: a[i] === b[i] ? "same" : "chg", a: a[i], b: b[i] });
    }
  } else {
    ops.push(...pairChanges(lcsOps(a, b)));
  }
  for (let i = 0; i < tail; i++) ops.push({ op: "same", a: al[al.length - tail + i], b: bl[bl.length - tail + i] });
  ops.capped = capped;
  return ops;
}

// Edit script from the LCS table: len[i][j] is the LCS length of a[i..] and b[j..].
function lcsOps(a, b) {
  const n = a.length, m = b.length, w = m + 1;
  const len = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i * w + j] = a[i] === b[j] ? len[(i + 1) * w + j + 1] + 1
        : Math.max(len[(i + 1) * w + j], len[i * w + j + 1]);
    }
  }
  const ops = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { ops.push({ op: "same", a: a[i++], b: b[j++] }); }
    else if (j < m && (i === n || len[i * w + j + 1] >= len[(i + 1) * w + j])) ops.push({ op: "add", b: b[j++] });
    else ops.push({ op: "del", a: a[i++] });
  }
  return ops;
}

// Within each run of removals and additions, line them up as changed lines side by side.
function pairChanges(ops) {
  const out = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].op === "same") { out.push(ops[k++]); continue; }
    const dels = [], adds = [];
    while (k < ops.length && ops[k].op !== "same") (ops[k].op === "del" ? dels : adds).push(ops[k++]);
    for (let x = 0; x < Math.max(dels.length, adds.length); x++) {
      if (x < dels.length && x < adds.length) out.push({ op: "chg", a: dels[x].a, b: adds[x].b });
      else if (x < dels.length) out.push(dels[x]);
      else out.push(adds[x]);
    }
  }
  return out;
}
