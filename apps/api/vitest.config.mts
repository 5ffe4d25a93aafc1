import { defineConfig } from "vitest/config";

// The API's tests come in three tiers, one vitest project each (as immich does):
//   api-unit        beside the code (src/**/*.test.ts): no database, no server, seconds;
//   api-in-process  test/in-process: the Nest testing module on a real store, in this process;
//   api-e2e         test/e2e: the built API as a real process on a port (vitest.e2e.config.mts).
export default defineConfig({
  test: {
    name: "api-unit",
    include: ["src/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
  },
});
