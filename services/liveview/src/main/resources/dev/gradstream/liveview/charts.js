"use strict";
// The live view's charts on uPlot (served from its webjar at /vendor/uplot/): a growing aligned table for
// uPlot's data, chart options (synced cursor, legend toggles, drag to zoom, wheel zoom, shift-drag pan),
// and counting what a chart was given. No point is dropped here: uPlot gets every value and draws at most
// one min/max pair per pixel column itself.

/**
 * uPlot's aligned data that grows as events arrive: one sorted x column and value columns by key. A value
 * never set is undefined (spanned over: the series has no point there); null is a gap (NaN, infinity).
 */
class AlignedTable {
  constructor() { this.x = []; this.columns = new Map(); }

  /** The column of {@code key}, created empty (undefined everywhere) on first use. */
  column(key) {
    let c = this.columns.get(key);
    if (!c) { c = new Array(this.x.length).fill(undefined); this.columns.set(key, c); }
    return c;
  }

  /** The row of x value {@code x}, inserted in order when new (appending is the usual case). */
  row(x) {
    const xs = this.x, n = xs.length;
    if (n === 0 || x > xs[n - 1]) {
      xs.push(x);
      for (const c of this.columns.values()) { c.push(undefined); }
      return n;
    }
    let lo = 0, hi = n - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (xs[mid] < x) { lo = mid + 1; } else { hi = mid; } }
    if (xs[lo] !== x) {
      xs.splice(lo, 0, x);
      for (const c of this.columns.values()) { c.splice(lo, 0, undefined); }
    }
    return lo;
  }

  /** uPlot's data for the columns named in {@code keys} (the same arrays: no copy). */
  data(keys) { return [this.x, ...keys.map(k => this.column(k))]; }
}

/** A number to draw: finite numbers as they are; NaN, infinities ("NaN", "Infinity" in JSON) and null as gaps. */
function plotValue(v, log) {
  if (typeof v !== "number" || !isFinite(v)) { return null; }
  return log && v <= 0 ? null : v;
}

/** Wheel: zoom x around the cursor; shift-drag or middle-drag: pan x; drag: box zoom; double click: all. */
function panZoomPlugin() {
  return {
    hooks: {
      ready: u => {
        const over = u.over;
        over.addEventListener("wheel", e => {
          e.preventDefault();
          const x = u.posToVal(u.cursor.left, "x"), min = u.scales.x.min, max = u.scales.x.max;
          const f = e.deltaY < 0 ? 0.75 : 1 / 0.75;
          const full = u.gradstreamExtent || [min, max];
          let nMin = x - (x - min) * f, nMax = x + (max - x) * f;
          if (nMax - nMin >= full[1] - full[0]) { nMin = full[0]; nMax = full[1]; }
          u.setScale("x", { min: nMin, max: nMax });
        }, { passive: false });
        over.addEventListener("mousedown", e => {
          if (!(e.button === 1 || (e.button === 0 && e.shiftKey))) { return; }
          e.preventDefault(); e.stopImmediatePropagation(); // not a box zoom too (this capture listener runs first)
          const left0 = e.clientX, min0 = u.scales.x.min, max0 = u.scales.x.max;
          const perPx = u.posToVal(1, "x") - u.posToVal(0, "x");
          const move = m => { const dx = perPx * (m.clientX - left0); u.setScale("x", { min: min0 - dx, max: max0 - dx }); };
          const up = () => { document.removeEventListener("mousemove", move); document.removeEventListener("mouseup", up); };
          document.addEventListener("mousemove", move);
          document.addEventListener("mouseup", up);
        }, true);
      },
    },
  };
}

/** Whole-number ticks for epochs and steps (1, 2, 5, 10, ... apart), never 2.5 epochs. */
const WHOLE_INCRS = [];
for (let p = 1; p <= 1e9; p *= 10) { WHOLE_INCRS.push(p, 2 * p, 5 * p); }

/**
 * A uPlot chart in {@code parent}. series: [{label, colour, dash, points}]; o: {title, xLabel, yLabel,
 * sync (cursor sync key), log (log10 y), range ([min, max] y), width, height}.
 */
function makeChart(parent, o, series, data) {
  const opts = {
    title: o.title, width: o.width, height: o.height,
    cursor: { sync: { key: o.sync, setSeries: false }, drag: { x: true, y: false, setScale: true } },
    legend: { live: true },
    scales: { x: { time: false }, y: o.log ? { distr: 3, log: 10 } : (o.range ? { range: o.range } : {}) },
    axes: [{ label: o.xLabel, incrs: WHOLE_INCRS },
      o.log ? { label: o.yLabel, size: 64, values: (u, splits) => splits.map(logTick) } : { label: o.yLabel, size: 64 }],
    series: [{ label: o.xLabel }].concat(series.map(s => ({
      label: s.label, stroke: s.colour, width: s.points ? 2 : 1, dash: s.dash, spanGaps: false,
      points: { show: !!s.points, size: 5 },
      value: (u, v) => v == null ? "-" : (o.log ? v.toExponential(3) : v.toPrecision(4)),
    }))),
    plugins: [panZoomPlugin()],
  };
  const u = new uPlot(opts, data, parent);
  u.gradstreamExtent = extent(data[0]);
  return u;
}

/** A log axis label: decades only (uPlot passes null for the lines between), 1e-4 rather than 0.0001. */
function logTick(v) {
  if (v == null) { return ""; }
  return v >= 0.01 && v < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(0);
}

function extent(xs) { return xs.length ? [xs[0], xs[xs.length - 1]] : [0, 1]; }

/**
 * Gives {@code u} its (grown) data: a chart showing all its data follows the newest points; a chart the
 * reader zoomed or panned keeps its x range (its y range follows the visible points).
 */
function updateChart(u, data) {
  const before = u.gradstreamExtent, min = u.scales.x.min, max = u.scales.x.max;
  const zoomed = before && min != null && (min > before[0] || max < before[1]);
  u.gradstreamExtent = extent(data[0]);
  if (zoomed) {
    u.setData(data, false);
    u.setScale("x", { min: min, max: max });
  } else {
    u.setData(data);
  }
}

/** The finite values uPlot was given, over every series of {@code u} (the drawn points, hidden ones too). */
function countPoints(u) {
  let n = 0;
  for (let s = 1; s < u.data.length; s++) {
    const ys = u.data[s];
    for (let i = 0; i < ys.length; i++) { if (ys[i] != null) { n++; } }
  }
  return n;
}
