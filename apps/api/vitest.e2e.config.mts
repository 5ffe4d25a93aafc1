import { defineConfig } from "vitest/config";

// The end-to-end tier: the built API started as a real process on a port (see vitest.config.mts).
export default defineConfig({
  test: {
    name: "api-e2e",
    include: ["test/e2e/**/*.e2e.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
