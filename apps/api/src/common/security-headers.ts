import type { ServerResponse } from "node:http";
import helmet from "@fastify/helmet";
import type { NestFastifyApplication } from "@nestjs/platform-fastify";
import helmetMiddleware, { type HelmetOptions } from "helmet";

/**
 * A strict Content-Security-Policy (no inline script or style, no third-party origin: the dashboard and
 * Swagger UI are served from here), no MIME sniffing, no framing, no referrer leaks.
 */
const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      fontSrc: ["'self'"],
      // 'self' covers the same-origin Socket.IO websocket and polling.
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: "deny" },
  referrerPolicy: { policy: "no-referrer" },
  // The REST API is read cross-origin by the allowed dashboards (CORS decides who).
  crossOriginResourcePolicy: { policy: "same-site" },
};

/**
 * The same headers as a plain list, for the answers written before or outside fastify's hooks (a
 * malformed request, a failed expectation, a bad preflight): helmet run once against a recorder.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = (() => {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name] = String(value)),
    removeHeader: () => undefined,
  };
  helmetMiddleware(HELMET_OPTIONS)({} as never, recorder as unknown as ServerResponse, () => undefined);
  return Object.freeze(headers);
})();

/** Security headers on every answer (API, dashboard, docs). Fastify sends no X-Powered-By. */
export async function applySecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet, HELMET_OPTIONS);
}
