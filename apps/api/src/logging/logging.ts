import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { RequestMethod } from "@nestjs/common";
import type { Params } from "nestjs-pino";
import type { AppConfig } from "../config/config";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
const QUIET_PATHS = new Set(["/api/v1/health", "/api/v1/health/live", "/api/v1/health/ready", "/metrics"]);

/** `a***@example.com`: enough to tell accounts apart in a log, not enough to contact anyone. */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}***@${domain}`;
}

// Query strings can carry emails and phones (`?q=`): keep the keys, drop the values.
export function maskUrl(url: string | undefined): string {
  if (!url) return "";
  const [path, query] = url.split("?", 2);
  if (!query) return path ?? "";
  const keys = query.split("&").map((pair) => `${pair.split("=")[0]}=…`);
  return `${path}?${keys.join("&")}`;
}

/** The request id: a well-formed `X-Request-Id` from the client (or its proxy), else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Structured JSON logs (pino) with a request id (taken from a well-formed `X-Request-Id`, else
 * generated, and echoed back); readable lines when a developer runs it in a terminal.
 * Never logged: passwords, tokens, cookies, request bodies, query values.
 */
export function loggingParams(config: AppConfig): Params {
  const pretty = config.env === "development" && process.stdout.isTTY;
  return {
    // Nest 11's path syntax for "every route" (the default "*" is the legacy form).
    forRoutes: [{ path: "{*path}", method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.accessToken"], censor: "[redacted]" },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: maskUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info"),
      // originalUrl: inside Nest's middleware `url` is relative to the matched route ("/").
      autoLogging: {
        ignore: (req) => QUIET_PATHS.has(((req as { originalUrl?: string }).originalUrl ?? req.url ?? "").split("?")[0] ?? ""),
      },
      ...(pretty ? { transport: { target: "pino-pretty", options: { singleLine: true, translateTime: "SYS:HH:MM:ss.l" } } } : {}),
    },
  };
}
