import { defineConfig } from "vitest/config";

// One run for the whole repository; each package keeps its own config (or two) beside its code.
export default defineConfig({
  test: {
    projects: [
      "scripts/vitest.config.mts",
      "packages/*/vitest.config.{ts,mts}",
      "apps/*/vitest.config.{ts,mts}",
      "apps/*/vitest.in-process.config.{ts,mts}",
      "apps/*/vitest.e2e.config.{ts,mts}",
    ],
  },
});
