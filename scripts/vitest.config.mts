import { defineConfig } from "vitest/config";

// The repository's own scripts (how `npm test` counts).
export default defineConfig({
  test: { name: "scripts", include: ["*.test.mjs"], environment: "node", testTimeout: 60_000 },
});
