"use strict";
// The live view's tables: runs, the latest evaluation of each run (confusion matrix and per-class
// metrics) and the first-iteration gradient comparison. Cells are set with textContent only.

/** A number as text: "-" when absent, NaN and infinities by name, else fixed or exponent notation. */
function fmt(v, digits, exponent) {
  if (v === null || v === undefined) { return "-"; }
  if (typeof v === "string") { return v; } // "NaN", "Infinity", "-Infinity" from the server
  if (typeof v !== "number") { return "-"; }
  if (!isFinite(v)) { return String(v); }
  return exponent ? v.toExponential(digits) : v.toFixed(digits);
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) { e.textContent = text; }
  if (cls) { e.className = cls; }
  return e;
}

function row(cells, tag, cls) {
  const tr = el("tr", undefined, cls);
  for (const c of cells) { tr.appendChild(el(tag || "td", c)); }
  return tr;
}

function renderTables(g) {
  const body = document.querySelector("#runs tbody");
  body.textContent = "";
  for (const r of g.runs) {
    const epochs = [...r.epochs.values()].sort((a, b) => a.epoch - b.epoch), last = epochs[epochs.length - 1] || {};
    const tr = row([r.run, r.backend, (last.epoch || 0) + "/" + (r.maxEpochs || "?"),
      r.lastBatch ? fmt(r.lastBatch.loss, 4) : "-", fmt(last.train_loss, 4), fmt(last.validation_loss, 4),
      fmt(last.validation_accuracy, 4), r.best || "-", fmt(last.samples_per_second, 0), r.status,
      r.test ? fmt(r.test.accuracy, 4) : "-", r.test ? fmt(r.test.f1, 4) : "-"]);
    tr.title = r.reason || "";
    body.appendChild(tr);
  }
  const key = g.name + "|" + g.runs.map(r => r.evaluation ? r.evaluation.seq + ":" + r.evaluation.split : "").join(",")
    + "|" + [...g.comparisons.values()].map(c => c.seq).join(",");
  if (key === live.tablesKey) { return; }
  live.tablesKey = key;
  renderEvaluations(g);
  renderComparison(g);
}

/** Per run: the latest evaluation's confusion matrix (rows: true class) and per-class metrics from it. */
function renderEvaluations(g) {
  const box = document.getElementById("evaluations");
  box.textContent = "";
  for (const r of g.runs) {
    const e = r.evaluation;
    if (!e) { continue; }
    const k = typeof e.classes === "number" ? e.classes : 0;
    const names = Array.from({ length: k }, (_, i) => r.classes[i] !== undefined ? String(r.classes[i]) : "class " + i);
    const part = el("div", undefined, "evaluation");
    part.appendChild(el("h3", r.backend + ": latest evaluation, " + e.split + " split, epoch " + e.epoch + ", "
      + e.samples + " samples, accuracy " + fmt(e.accuracy, 4) + ", macro F1 " + fmt(e.f1, 4)));
    if (Array.isArray(e.confusion) && e.confusion.length === k * k) {
      const t = el("table", undefined, "confusion");
      t.appendChild(row(["true \\ predicted"].concat(names), "th"));
      for (let i = 0; i < k; i++) {
        const tr = row([names[i]]);
        const total = e.confusion.slice(i * k, i * k + k).reduce((a, b) => a + b, 0);
        for (let j = 0; j < k; j++) {
          const n = e.confusion[i * k + j], td = el("td", String(n), "cell" + (i === j ? " diagonal" : ""));
          td.style.background = "rgba(31, 119, 180, " + (total ? (0.85 * n / total).toFixed(3) : 0) + ")";
          tr.appendChild(td);
        }
        t.appendChild(tr);
      }
      part.appendChild(t);
    } else if (k > 0) {
      part.appendChild(el("p", "confusion matrix not sent for " + k + " classes"));
    }
    const t = el("table", undefined, "classes");
    t.appendChild(row(["class", "precision", "recall", "F1", "support", "ROC AUC", "average precision"], "th"));
    for (let c = 0; c < k; c++) {
      const m = classMetrics(e.confusion, k, c);
      t.appendChild(row([names[c], fmt(m.precision, 4), fmt(m.recall, 4), fmt(m.f1, 4), m.support === null ? "-" : String(m.support),
        fmt(e.class_roc_auc ? e.class_roc_auc[c] : null, 4), fmt(e.class_ap ? e.class_ap[c] : null, 4)], "td", "class"));
    }
    part.appendChild(t);
    box.appendChild(part);
  }
}

/** Precision, recall and F1 of class c from a row-major K x K confusion matrix; NaN where undefined (0 / 0). */
function classMetrics(confusion, k, c) {
  if (!Array.isArray(confusion) || confusion.length !== k * k) {
    return { precision: null, recall: null, f1: null, support: null };
  }
  let row = 0, col = 0;
  for (let i = 0; i < k; i++) { row += confusion[c * k + i]; col += confusion[i * k + c]; }
  const tp = confusion[c * k + c], precision = tp / col, recall = tp / row;
  return { precision: precision, recall: recall, f1: 2 * precision * recall / (precision + recall), support: row };
}

function renderComparison(g) {
  const body = document.querySelector("#comparison tbody");
  body.textContent = "";
  const caption = document.querySelector("#comparison caption");
  caption.textContent = "";
  for (const c of [...g.comparisons.values()].sort((a, b) => String(a.precision).localeCompare(String(b.precision)))) {
    caption.textContent = "First-iteration gradients, " + c.reference + " vs " + c.other + " (batch " + c.batch_size + ")";
    for (const t of Array.isArray(c.tensors) ? c.tensors : []) {
      body.appendChild(row([String(c.precision), String(t.layer), String(t.tensor), fmt(t.max_abs_diff, 3, true),
        fmt(t.max_rel_diff, 3, true), fmt(t.scaled_diff, 3, true), fmt(t.cosine, 12), fmt(t.norm_reference, 6, true),
        fmt(t.norm_other, 6, true)]));
    }
  }
  document.getElementById("comparison").style.display = body.children.length ? "" : "none";
}
