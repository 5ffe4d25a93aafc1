import helmet from "@fastify/helmet";
import type { NestFastifyApplication } from "@nestjs/platform-fastify";

/**
 * Security headers on every answer (API, dashboard, docs): a strict Content-Security-Policy (no
 * inline script or style, no third-party origin: the dashboard and Swagger UI are served from
 * here), no MIME sniffing, no framing, no referrer leaks. Fastify sends no X-Powered-By.
 */
export async function applySecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet, {
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
  });
}
