// Latency-distribution charts as plain SVG (no dependency): one CDF line per series, latency on a
// log axis (1 ms and 100 ms series stay readable side by side), percentile on a "tail" axis
// (-log10(1 - p): p50, p90, p99, p99.9 evenly spaced) because the tail is what the targets are about.
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
const W = 760;
const H = 420;
const M = { left: 60, right: 20, top: 40, bottom: 50 };
const TAIL = 3; // top of the y axis: p99.9 (anything above, including the max, is drawn there)
const tail = (f) => Math.min(TAIL, -Math.log10(Math.max(1 - f, 10 ** -TAIL)));
const FLOOR = 0.1; // ms: values at or below (including negative: event before response) are drawn here

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** `series`: [{ label, points: [[latencyMs, fraction 0..1], …] }] (use `cdfPoints` for raw samples). */
export function cdfChart({ title, series, xLabel = "latency (ms, log scale)" }) {
  const xs = series.flatMap((s) => s.points.map(([x]) => Math.max(FLOOR, x)));
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...xs, 1))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...xs, 10))));
  const legendRows = Math.ceil(series.length / 2);
  const height = H - 10 + legendRows * 18;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom - 30;
  const x = (v) => M.left + ((Math.log10(Math.max(FLOOR, v)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * pw;
  const y = (f) => M.top + (1 - tail(f) / TAIL) * ph;
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" font-family="sans-serif" font-size="12">`];
  out.push(
    `<rect width="${W}" height="${height}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(title)}</text>`,
  );
  for (let d = lo; d <= hi * 1.0001; d *= 10) {
    out.push(`<line x1="${x(d)}" x2="${x(d)}" y1="${M.top}" y2="${M.top + ph}" stroke="#ddd"/>`);
    out.push(`<text x="${x(d)}" y="${M.top + ph + 16}" text-anchor="middle">${d >= 1 ? d : d.toFixed(1)}</text>`);
  }
  for (const [f, label] of [
    [0, "p0"],
    [0.5, "p50"],
    [0.9, "p90"],
    [0.99, "p99"],
    [0.999, "p99.9+"],
  ]) {
    out.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${y(f)}" y2="${y(f)}" stroke="#ddd"/>`);
    out.push(`<text x="${M.left - 6}" y="${y(f) + 4}" text-anchor="end">${label}</text>`);
  }
  out.push(`<text x="${M.left + pw / 2}" y="${M.top + ph + 36}" text-anchor="middle">${esc(xLabel)}</text>`);
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const d = s.points.map(([px, pf], j) => `${j ? "L" : "M"}${x(px).toFixed(1)},${y(pf).toFixed(1)}`).join("");
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
    const lx = M.left + (i % 2) * (pw / 2);
    const ly = M.top + ph + 58 + Math.floor(i / 2) * 18;
    out.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`,
    );
    out.push(`<text x="${lx + 28}" y="${ly}">${esc(s.label)}</text>`);
  });
  out.push("</svg>");
  return out.join("\n");
}

/** CDF points of sorted samples, at most ~350: evenly spaced ranks, plus ranks evenly spaced on the tail axis. */
export function cdfPoints(sorted) {
  const n = sorted.length;
  if (!n) return [];
  const ranks = new Set();
  for (let i = 0; i < 200; i++) ranks.add(Math.floor((i / 200) * n));
  for (let t = 0; t <= TAIL; t += 0.02) ranks.add(Math.min(n - 1, Math.floor((1 - 10 ** -t) * n)));
  ranks.add(n - 1);
  return [...ranks].sort((a, b) => a - b).map((r) => [sorted[r], (r + 1) / n]);
}

/** Points from reported percentiles (autocannon gives p50…p99.9 and max, not samples). */
export function percentilePoints(latency) {
  const pairs = [
    [latency.min, 0],
    [latency.p50, 0.5],
    [latency.p75, 0.75],
    [latency.p90, 0.9],
    [latency.p97_5, 0.975],
    [latency.p99, 0.99],
    [latency.p99_9, 0.999],
    [latency.max, 1],
  ];
  return pairs.filter(([v]) => Number.isFinite(v));
}
