import { defineConfig } from "vitest/config";

// The middle tier: real services, repositories and stores in this process (see vitest.config.mts).
export default defineConfig({
  test: {
    name: "api-in-process",
    include: ["test/in-process/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
