import { defineConfig } from "vitest/config";

// Unit tests sit beside the code; the e2e tests start the built API as a real process on a port.
export default defineConfig({
  test: {
    name: "api",
    include: ["src/**/*.test.ts", "test/**/*.e2e.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
