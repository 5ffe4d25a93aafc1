// Percentiles over exact samples (nearest-rank on a sorted copy): the sample counts here are at most
// a few hundred thousand, so sorting is cheap and no histogram approximation is needed.

export function summarize(samples) {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  const pick = (p) => (n ? sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] : NaN);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n,
    min: n ? sorted[0] : NaN,
    p50: pick(50),
    p90: pick(90),
    p99: pick(99),
    max: n ? sorted[n - 1] : NaN,
    mean: n ? sum / n : NaN,
    sorted,
  };
}

export function concat(arrays) {
  const total = arrays.reduce((s, a) => s + a.length, 0);
  const out = new Float64Array(total);
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}

export const ms = (v, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : "–");
export const kib = (bytes) => (Number.isFinite(bytes) ? (bytes / 1024).toFixed(1) : "–");
export const mib = (bytes) => (Number.isFinite(bytes) ? (bytes / 1024 / 1024).toFixed(1) : "–");
