import { defineConfig } from "vitest/config";
import { contractsAlias } from "./vite.config.ts";

export default defineConfig({
  resolve: { alias: contractsAlias },
  test: {
    name: "admin",
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
