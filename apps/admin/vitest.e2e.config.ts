import { defineConfig } from "vitest/config";
import { contractsAlias } from "./vite.config.ts";

// Runs the production build (apps/admin/dist) served by the real API in Debian's Chromium.
export default defineConfig({
  resolve: { alias: contractsAlias },
  test: {
    name: "admin-e2e",
    environment: "node",
    include: ["e2e/**/*.e2e.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
