import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

const SECRET = "s".repeat(32);

describe("loadConfig", () => {
  it("should require JWT_SECRET, naming it, when REDIS_URL is set", () => {
    expect(() => loadConfig({ REDIS_URL: "redis://127.0.0.1:6379" })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_URL: "redis://127.0.0.1:6379" })).toThrow(/JWT_SECRET: is required when REDIS_URL is set/);
    expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379", JWT_SECRET: SECRET }).jwt.secret).toBe(SECRET);
  });

  it("should require METRICS_TOKEN, naming it, when TRUST_PROXY is set", () => {
    expect(() => loadConfig({ TRUST_PROXY: "127.0.0.1" })).toThrow(/METRICS_TOKEN: is required when TRUST_PROXY is set/);
    const config = loadConfig({ TRUST_PROXY: "127.0.0.1", METRICS_TOKEN: "m".repeat(16) });
    expect(config.trustProxy).toEqual(["127.0.0.1"]);
    expect(config.metricsToken).toBe("m".repeat(16));
  });

  it("should start without either when neither REDIS_URL nor TRUST_PROXY is set", () => {
    expect(loadConfig({}).jwt.secret).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: "" }).trustProxy).toBeUndefined();
  });

  it("should refuse TEST_FAULT unless NODE_ENV=test, and name an unknown fault, beside the schema's own errors", () => {
    expect(() => loadConfig({ TEST_FAULT: "crash-after-commit" })).toThrow(/TEST_FAULT: is only allowed when NODE_ENV=test/);
    expect(() => loadConfig({ NODE_ENV: "test", TEST_FAULT: "drop-tables", PORT: "x" })).toThrow(/PORT:[^\n]*\n\s+TEST_FAULT:/);
    expect(loadConfig({ NODE_ENV: "test", TEST_FAULT: "slow-register" }).testFault).toBe("slow-register");
    expect("testFault" in loadConfig({ NODE_ENV: "test" })).toBe(false);
  });
});
