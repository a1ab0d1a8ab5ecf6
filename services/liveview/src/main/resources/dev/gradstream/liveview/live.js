"use strict";
// The live view's state and tables: events from /events (server-sent, JSON arrays of EventJson objects)
// are merged into runs and groups (the runs of both backends drawn together), and the shown group is
// redrawn at most every RENDER_MS. Every text from an event goes through textContent, never HTML.

const RENDER_MS = 200;
/** Redraws take at most a quarter of the time: the next one waits at least this many times the last one's cost. */
const RENDER_SHARE = 4;
const KNOWN = new Set(["run_started", "batch", "epoch", "evaluation", "run_finished", "comparison"]);
const COLOURS = { scratch: "#1f77b4", nd4j: "#ff7f0e" };
const EXTRA = ["#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const DASHES = [undefined, [6, 4], [2, 3], [10, 3, 2, 3]];

const live = { runs: new Map(), groups: new Map(), events: 0, ignored: 0, dirty: true, lastRender: -1e9,
  shape: "", charts: [], tablesKey: "", lastCost: 0 };
const perf = { frames: [], renders: [], last: undefined };

function colour(backend) {
  if (!(backend in COLOURS)) { COLOURS[backend] = EXTRA[Object.keys(COLOURS).length % EXTRA.length]; }
  return COLOURS[backend];
}

function groupOf(name) {
  let g = live.groups.get(name);
  if (!g) {
    g = { name: name, runs: [], batches: new AlignedTable(), comparisons: new Map() };
    live.groups.set(name, g);
    const option = document.createElement("option");
    option.value = name;
    option.textContent = name;
    document.getElementById("group").appendChild(option);
  }
  return g;
}

function runOf(e, g) {
  let r = live.runs.get(e.run);
  if (!r) {
    r = { run: e.run, group: e.group, backend: String(e.backend), task: e.task, epochs: new Map(), layers: 0,
      status: "running", classes: [] };
    live.runs.set(e.run, r);
    g.runs.push(r);
  }
  return r;
}

/** Merges one event; returns whether it was new. Unknown or malformed events are counted and ignored. */
function accept(e) {
  if (!e || typeof e !== "object" || !KNOWN.has(e.type) || typeof e.run !== "string" || typeof e.group !== "string") {
    live.ignored++;
    return false;
  }
  const g = groupOf(e.group);
  if (e.type === "comparison") {
    const before = g.comparisons.get(e.precision);
    g.comparisons.set(String(e.precision), e);
    return count(!before || before.seq !== e.seq);
  }
  const r = runOf(e, g);
  switch (e.type) {
    case "run_started":
      r.config = e; r.maxEpochs = e.max_epochs; r.classes = Array.isArray(e.classes) ? e.classes : [];
      return count(true);
    case "batch": {
      if (typeof e.step !== "number") { live.ignored++; return false; }
      const t = g.batches, i = t.row(e.step), loss = t.column("loss|" + r.run);
      if (loss[i] !== undefined) { return false; } // already merged (a snapshot after a reconnect)
      loss[i] = plotValue(e.loss, false);
      const norms = Array.isArray(e.norms) ? e.norms : [], ratios = Array.isArray(e.ratios) ? e.ratios : [];
      for (let l = 0; l < norms.length; l++) { t.column("norm|" + r.run + "|" + l)[i] = plotValue(norms[l], true); }
      for (let l = 0; l < ratios.length; l++) { t.column("ratio|" + r.run + "|" + l)[i] = plotValue(ratios[l], true); }
      r.layers = Math.max(r.layers, norms.length, ratios.length);
      if (!r.lastBatch || e.step >= r.lastBatch.step) { r.lastBatch = e; }
      return count(true);
    }
    case "epoch": {
      const before = r.epochs.get(e.epoch);
      r.epochs.set(e.epoch, e); r.maxEpochs = e.max_epochs;
      if (e.best) { r.best = e.epoch; }
      return count(!before);
    }
    case "evaluation": {
      const last = r.evaluation;
      if (e.split === "test") { r.test = e; }
      if (!last || e.split === "test" || (last.split !== "test" && e.epoch >= last.epoch)) { r.evaluation = e; }
      return count(!last || last.seq !== e.seq);
    }
    case "run_finished":
      r.status = e.status; r.best = e.best_epoch || r.best; r.reason = e.reason;
      return count(true);
  }
  return false;
}

function count(isNew) {
  if (isNew) { live.events++; }
  live.dirty = true;
  return isNew;
}

function selectedGroup() {
  const select = document.getElementById("group");
  if (document.getElementById("follow").checked && live.groups.size) {
    select.value = [...live.groups.keys()].pop();
  }
  return select.value;
}

/** The charts' series and data for group {@code g}: epoch charts rebuilt, batch charts on the growing table. */
function chartSpecs(g) {
  const epochs = [...new Set(g.runs.flatMap(r => [...r.epochs.keys()]))].sort((a, b) => a - b);
  const epochData = field => g.runs.flatMap(r => ["train_", "validation_"].map(p =>
    epochs.map(n => r.epochs.has(n) ? plotValue(r.epochs.get(n)[p + field], false) : undefined)));
  const epochSeries = g.runs.flatMap(r => [
    { label: r.backend + " train", colour: colour(r.backend), points: true },
    { label: r.backend + " validation", colour: colour(r.backend), dash: [6, 4], points: true }]);
  const layerSeries = kind => g.runs.flatMap((r, ri) => Array.from({ length: r.layers }, (_, l) => ({
    key: kind + "|" + r.run + "|" + l, label: r.backend + " layer " + l, colour: EXTRA[l % EXTRA.length],
    dash: DASHES[ri % DASHES.length] })));
  const batchSeries = g.runs.map(r => ({ key: "loss|" + r.run, label: r.backend, colour: colour(r.backend) }));
  const norms = layerSeries("norm"), ratios = layerSeries("ratio");
  return [
    { id: "loss", o: { title: "Loss per epoch (solid: train, dashed: validation)", xLabel: "epoch", yLabel: "loss",
      sync: "epochs", half: true }, series: epochSeries, data: [epochs, ...epochData("loss")] },
    { id: "accuracy", o: { title: "Accuracy per epoch", xLabel: "epoch", yLabel: "accuracy", sync: "epochs",
      range: (u, min, max) => [0, Math.max(1, max == null ? 1 : max)], half: true }, series: epochSeries, data: [epochs, ...epochData("accuracy")] },
    { id: "batches", o: { title: "Loss of every mini-batch", xLabel: "optimizer step", yLabel: "loss", sync: "steps" },
      series: batchSeries, data: g.batches.data(batchSeries.map(s => s.key)) },
    { id: "norms", o: { title: "Gradient L2 norm per layer, every mini-batch (log scale)", xLabel: "optimizer step",
      yLabel: "L2 norm", sync: "steps", log: true }, series: norms, data: g.batches.data(norms.map(s => s.key)) },
    { id: "ratios", o: { title: "Update : parameter ratio per layer, every mini-batch (log scale)",
      xLabel: "optimizer step", yLabel: "ratio", sync: "steps", log: true }, series: ratios,
      data: g.batches.data(ratios.map(s => s.key)) },
  ];
}

function render() {
  live.dirty = false;
  const g = live.groups.get(selectedGroup());
  if (!g) { return; }
  const specs = chartSpecs(g);
  const shape = g.name + "\n" + specs.map(s => s.series.map(x => x.label).join("|")).join("\n");
  if (shape !== live.shape) {
    live.charts.forEach(u => u.destroy());
    const box = document.getElementById("charts"), width = Math.max(600, box.clientWidth - 4);
    live.charts = specs.map(s => makeChart(document.getElementById("c-" + s.id), Object.assign({
      width: s.o.half ? Math.floor((width - 16) / 2) : width, height: s.o.half ? 320 : 280 }, s.o), s.series, s.data));
    live.shape = shape;
  } else {
    specs.forEach((s, i) => updateChart(live.charts[i], s.data));
  }
  renderTables(g);
}

window.gradstreamLive = {
  accept: accept,
  get events() { return live.events; },
  get ignored() { return live.ignored; },
  get runs() { return live.runs.size; },
  get group() { return document.getElementById("group").value; },
  /** Finite points given to each chart, and the rows of the tables. */
  get points() {
    const ids = ["loss", "accuracy", "batches", "norms", "ratios"], p = {};
    ids.forEach((id, i) => { p[id] = live.charts[i] ? countPoints(live.charts[i]) : 0; });
    p.confusion = document.querySelectorAll("#evaluations td.cell").length;
    p.classes = document.querySelectorAll("#evaluations tr.class").length;
    p.comparison = document.querySelectorAll("#comparison tbody tr").length;
    return p;
  },
  /** The uPlot chart "loss", "accuracy", "batches", "norms" or "ratios" of the shown group. */
  chart(id) { return live.charts[["loss", "accuracy", "batches", "norms", "ratios"].indexOf(id)]; },
  /** Frame intervals (requestAnimationFrame) and redraw times (render to uPlot's draw), in ms. */
  perf: {
    reset() { perf.frames = []; perf.renders = []; perf.last = undefined; },
    stats() { return { frames: summary(perf.frames), renders: summary(perf.renders) }; },
  },
  /** Redraws now (tests time it); returns the milliseconds to uPlot's draw. */
  redraw() {
    const t0 = performance.now(); live.shape = ""; render();
    return new Promise(done => queueMicrotask(() => done(performance.now() - t0)));
  },
};

function summary(xs) {
  const s = [...xs].sort((a, b) => a - b), at = q => s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : 0;
  return { n: s.length, p50: at(0.5), p95: at(0.95), max: s.length ? s[s.length - 1] : 0 };
}

function frame(t) {
  if (perf.last !== undefined && perf.frames.length < 100000) { perf.frames.push(t - perf.last); }
  perf.last = t;
  if (live.dirty && t - live.lastRender >= Math.max(RENDER_MS, RENDER_SHARE * live.lastCost)) {
    live.lastRender = t;
    const t0 = performance.now();
    render();
    queueMicrotask(() => {
      live.lastCost = performance.now() - t0;
      if (perf.renders.length < 100000) { perf.renders.push(live.lastCost); }
    });
  }
  requestAnimationFrame(frame);
}

document.getElementById("group").addEventListener("change", () => {
  document.getElementById("follow").checked = false; live.dirty = true;
});
document.getElementById("follow").addEventListener("change", () => { live.dirty = true; });
requestAnimationFrame(frame);

function onMessage(m) {
  let data;
  try { data = JSON.parse(m.data); } catch (err) { live.ignored++; return; }
  for (const e of Array.isArray(data) ? data : [data]) {
    try { accept(e); } catch (err) { live.ignored++; }
  }
}

const source = new EventSource("events");
source.addEventListener("reset", () => { live.dirty = true; }); // what the page has is kept; repeats are merged
source.onmessage = onMessage;
source.onopen = () => { document.getElementById("status").textContent = "connected: live"; };
source.onerror = () => { document.getElementById("status").textContent = "disconnected: retrying ..."; };
