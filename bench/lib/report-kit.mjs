// What every scenario's part of bench/RESULTS.md is made of: tables, target rows, small figures.
export const table = (head, rows) =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
// Flags a row measured while other processes used a noticeable share of the 2 cores.
export const disturbed = (cpu) => (cpu.otherCores > 0.3 ? " ⚠" : "");

/**
 * A target row: lower-is-better (`max`) or higher-is-better (`min`). Every quantity here is a time, a
 * rate, a size or a ratio: a negative one is a broken measurement (e.g. RSS that fell between two
 * readings), reported as such and never as met.
 */
export function target(name, value, { max, min, unit, fmt = (v) => v.toFixed(1), note = "" }) {
  if (!Number.isFinite(value)) return [name, "not measured", "–", note];
  if (value < 0) return [name, `${fmt(value)} ${unit}`, "**not a valid measurement** (negative): measure again", note];
  const limit = max ?? min;
  const met = max !== undefined ? value <= max : value >= min;
  const by = max !== undefined ? value - max : min - value;
  const margin = met
    ? `met, ${fmt(Math.abs(by))} ${unit} to spare`
    : `**missed** by ${fmt(by)} ${unit} (${(value / limit).toFixed(1)}× the ${max !== undefined ? "limit" : "goal"})`;
  return [name, `${fmt(value)} ${unit} (${max !== undefined ? "≤" : "≥"} ${fmt(limit)})`, margin, note];
}

// µs per socket and event (see the "Derived" section).
export const perSocketUs = (r) =>
  r.kind.startsWith("api") ? (r.serverCpu * 1e6) / (r.rate * r.sockets) : (r.emit.emitMeanMs / r.sockets) * 1000;

// A fan-out row's count over all its rounds (older results have none).
export const sum = (r, key) => (r.rounds ?? [r]).reduce((total, x) => total + x[key], 0);

export const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : "–");

/** Two API nodes through Redis against the single-node API rows of the fan-out table. */
