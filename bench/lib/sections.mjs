// Sections of bench/RESULTS.md that one scenario owns ("## Scale: …", "## A/B: …"): a run of that
// scenario alone replaces its section in place, and a full re-render carries them over unchanged.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The heading of bench/ab.mjs's section (the rest of the heading is the comparison's label). */
export const AB_HEADING = "## A/B: ";

/**
 * A section written by hand, kept through every re-render: for each target the last full run missed,
 * what was tried and why it stops there (the figures themselves are in the generated tables).
 */
export const MISSES_HEADING = "## Missed targets: ";

const resultsFile = (dir) => join(dir, "RESULTS.md");

/** [start, end) of the section whose heading starts with `heading`, or undefined. */
function bounds(md, heading, from = 0) {
  const start = md.indexOf(`\n${heading}`, from);
  if (start < 0) return undefined;
  const end = md.indexOf("\n## ", start + 1);
  return [start + 1, end < 0 ? md.length : end];
}

/** Puts `section` in place of the file's section starting with `heading` (or at the end); keeps everything else. */
export function spliceSection(dir, heading, section) {
  const file = resultsFile(dir);
  const md = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmark results\n";
  const at = bounds(md, heading);
  writeFileSync(file, at ? `${md.slice(0, at[0])}${section.trimEnd()}\n${md.slice(at[1])}` : `${md.trimEnd()}\n\n${section.trimEnd()}\n`);
}

/** Every section whose heading starts with `heading` (each A/B label owns one), headings included, in file order. */
export function currentSections(dir, heading) {
  const file = resultsFile(dir);
  if (!existsSync(file)) return [];
  const md = readFileSync(file, "utf8");
  const sections = [];
  for (let from = 0, at = bounds(md, heading, from); at; from = at[1], at = bounds(md, heading, from))
    sections.push(md.slice(...at).trimEnd());
  return sections;
}

/** The file's section starting with `heading`, heading included, to carry over a full re-render. */
export function currentSection(dir, heading) {
  const file = resultsFile(dir);
  if (!existsSync(file)) return undefined;
  const md = readFileSync(file, "utf8");
  const at = bounds(md, heading);
  return at && md.slice(...at).trimEnd();
}

/** The sections a full re-render carries over: every A/B, then the hand-written notes on missed targets. */
export function keptSections(dir) {
  return [...currentSections(dir, AB_HEADING), ...currentSections(dir, MISSES_HEADING)];
}
