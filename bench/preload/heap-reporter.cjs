// Preloaded into a measured server (`node --expose-gc -r ./bench/preload/heap-reporter.cjs …`) so the
// bench can read its heap without an endpoint or an inspector: on SIGUSR2 it collects garbage twice
// (so only live objects count) and writes process.memoryUsage() as JSON to $BENCH_HEAP_FILE.
"use strict";
const { writeFileSync, renameSync } = require("node:fs");

const file = process.env.BENCH_HEAP_FILE;
if (file) {
  process.on("SIGUSR2", () => {
    const started = performance.now();
    global.gc?.();
    global.gc?.();
    const usage = {
      ...process.memoryUsage(),
      gcMs: performance.now() - started,
      gcAvailable: typeof global.gc === "function",
      at: Date.now(),
    };
    // Written then renamed, so the reader never sees half a file.
    writeFileSync(file + ".tmp", JSON.stringify(usage));
    renameSync(file + ".tmp", file);
  });
}
