import { resolve } from "node:path";
import { z } from "zod";
import { EmailSchema, PasswordSchema } from "@moien/contracts";
import { testFaultOf, type TestFault } from "../testing/test-fault";
import { parseDurationSeconds } from "./duration";
import { recoveryWindowOf } from "./recovery-window";

export const DEFAULT_CORS_ORIGINS = ["http://localhost:4200", "http://127.0.0.1:4200", "http://localhost:5173", "http://127.0.0.1:5173"];

const originSchema = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return /^https?:$/.test(url.protocol) && url.origin === value;
    } catch {
      return false;
    }
  },
  { message: "each origin must look like http://host[:port], without a path or trailing slash" },
);

/** A duration in seconds from `90`, `90s`, `30m`, `12h` or `7d`; the message names examples that fit the variable. */
const durationSchema = (fallback: string, examples: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) => parseDurationSeconds(v) ?? -1)
    .pipe(
      z
        .number()
        .int()
        .min(1, { message: `must be a duration such as ${examples}` }),
    );

const rateLimitSchema = z.coerce.number().int().min(0, { message: "must be 0 (off) or a positive whole number" });

const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: "must be a postgres:// or postgresql:// URL" })
      .optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, { message: "must be a redis:// or rediss:// URL" })
      .optional(),
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,64}$/, { message: "must be 1 to 64 letters, digits, ':', '_' or '-'" })
      .default("moien"),
    CORS_ORIGINS: z
      .string()
      .optional()
      .transform((v) =>
        v === undefined
          ? DEFAULT_CORS_ORIGINS
          : v
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean),
      )
      .pipe(z.array(originSchema)),
    ADMIN_EMAIL: EmailSchema.default("admin@moien.local"),
    ADMIN_PASSWORD: PasswordSchema.optional(),
    JWT_SECRET: z.string().min(32, { message: "must be at least 32 characters" }).optional(),
    JWT_TTL: durationSchema("12h", "3600, 30m, 12h or 7d"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    RATE_LIMIT_REGISTER: rateLimitSchema.default(30),
    RATE_LIMIT_LOGIN: rateLimitSchema.default(10),
    RATE_LIMIT_WINDOW: durationSchema("60s", "60, 60s or 5m"),
    SOCKET_CONNECT_LIMIT: rateLimitSchema.default(120),
    SOCKET_MAX_PER_TOKEN: rateLimitSchema.default(20),
    // Slow clients (slow-loris): the time to send the headers, and the whole request with its body.
    HTTP_HEADERS_TIMEOUT: durationSchema("10s", "10, 10s or 1m"),
    HTTP_REQUEST_TIMEOUT: durationSchema("30s", "30, 30s or 1m"),
    HTTP_MAX_CONNECTIONS_PER_ADDRESS: rateLimitSchema.default(256),
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((v) =>
        v
          ?.split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ADMIN_DIST_DIR: z.string().min(1).optional(),
    METRICS_TOKEN: z.string().min(16, { message: "must be at least 16 characters" }).optional(),
    RATE_LIMIT_EXPORT: rateLimitSchema.default(3),
    AUDIT_RETENTION: durationSchema("400d", "400d, 12h or 90s"),
    OPERATOR_MFA: z.enum(["required", "optional"], { error: "must be required or optional" }).default("required"),
    ADMIN_TOTP_SECRET: z
      .string()
      .transform((v) => v.replace(/[\s=]/g, "").toUpperCase())
      .pipe(z.string().regex(/^[A-Z2-7]{16,}$/, { message: "must be a base32 secret of at least 16 characters (A-Z, 2-7)" }))
      .optional(),
    SESSION_IDLE_TIMEOUT: durationSchema("30m", "30m, 900 or 1h"),
    SESSION_MAX_AGE: durationSchema("12h", "12h, 8h or 3600"),
    // Tests only: a short connection-state recovery window, so that what outlives it can be checked.
    TEST_RECOVERY_WINDOW_MS: z.coerce.number().int().min(500).max(120_000).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.JWT_SECRET) {
      ctx.addIssue({ code: "custom", path: ["JWT_SECRET"], message: "is required when NODE_ENV=production" });
    }
    // Nodes generating their own secrets would refuse each other's tokens: random 401s behind a balancer.
    if (env.REDIS_URL && !env.JWT_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["JWT_SECRET"],
        message: "is required when REDIS_URL is set (every node must sign with the same secret)",
      });
    }
    // Behind a proxy on the same host every client looks local: /metrics would be open to all.
    if (env.TRUST_PROXY?.length && !env.METRICS_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["METRICS_TOKEN"],
        message: "is required when TRUST_PROXY is set (through a proxy every client would count as local)",
      });
    }
    if (env.TEST_RECOVERY_WINDOW_MS && env.NODE_ENV !== "test") {
      ctx.addIssue({ code: "custom", path: ["TEST_RECOVERY_WINDOW_MS"], message: "is only allowed when NODE_ENV=test" });
    }
  })
  // The shape the rest of the code reads, grouped by concern; `AppConfig` is this output.
  .transform((e) => ({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    corsOrigins: e.CORS_ORIGINS,
    admin: { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD },
    jwt: { secret: e.JWT_SECRET, ttlSeconds: e.JWT_TTL },
    logLevel: e.LOG_LEVEL,
    rateLimit: { register: e.RATE_LIMIT_REGISTER, login: e.RATE_LIMIT_LOGIN, windowSeconds: e.RATE_LIMIT_WINDOW },
    trustProxy: e.TRUST_PROXY,
    socketLimits: { connectsPerMinute: e.SOCKET_CONNECT_LIMIT, maxPerToken: e.SOCKET_MAX_PER_TOKEN },
    http: {
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT * 1000,
      // Node requires the whole request's bound to be at least the headers' one.
      requestTimeoutMs: Math.max(e.HTTP_REQUEST_TIMEOUT, e.HTTP_HEADERS_TIMEOUT) * 1000,
      maxConnectionsPerAddress: e.HTTP_MAX_CONNECTIONS_PER_ADDRESS,
    },
    recoveryWindow: recoveryWindowOf(e.TEST_RECOVERY_WINDOW_MS ?? 2 * 60 * 1000),
    metricsToken: e.METRICS_TOKEN,
    exportsPerMinute: e.RATE_LIMIT_EXPORT,
    audit: { retentionSeconds: e.AUDIT_RETENTION },
    operators: {
      mfa: e.OPERATOR_MFA,
      firstAdminTotpSecret: e.ADMIN_TOTP_SECRET,
      sessionIdleSeconds: e.SESSION_IDLE_TIMEOUT,
      sessionMaxAgeSeconds: e.SESSION_MAX_AGE,
    },
    adminDistDir: resolve(e.ADMIN_DIST_DIR ?? resolve(__dirname, "../../../admin/dist")),
  }));

/** `testFault` is set by the e2e tests only (testing/test-fault.ts), outside the schema above. */
export type AppConfig = z.output<typeof configSchema> & { testFault?: TestFault };

export class ConfigError extends Error {}

/** The only reader of `process.env`: validates it once and names every wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable (`ADMIN_PASSWORD=`) means "not set", as shells and .env files usually intend.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = configSchema.safeParse(set);
  const fault = testFaultOf(set);
  const issues = [...(parsed.error?.issues ?? []), ...(fault.success ? [] : fault.error.issues)];
  if (!parsed.success || !fault.success) {
    const lines = issues.map((issue) => `  ${String(issue.path[0] ?? "environment")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return fault.data ? { ...parsed.data, testFault: fault.data } : parsed.data;
}
