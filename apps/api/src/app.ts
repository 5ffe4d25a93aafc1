import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import { Logger, type LogLevel } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { Logger as PinoLogger } from "nestjs-pino";
import { getAbsoluteFSPath as swaggerUiPath } from "swagger-ui-dist";
import { FastifyAdapter, type NestFastifyApplication } from "@nestjs/platform-fastify";
import proxyAddr from "proxy-addr";
import { AppModule } from "./app.module";
import { resolveJwtSecret } from "./auth/jwt-secret";
import { limitConnections } from "./common/connection-limits";
import { onClientError, onFrameworkError, refuseMalformedRequests } from "./common/framework-errors";
import { applySecurityHeaders } from "./common/security-headers";
import type { AppConfig } from "./config/config";
import { openDatabase } from "./database/database";
import { SWAGGER_UI_ASSETS } from "./docs/docs-page";
import { requestIdOf } from "./logging/logging";
import { openRedis } from "./realtime/redis";
import { OutboxRelay } from "./users/events/outbox-relay";
import { SocketIoAdapter } from "./realtime/socket-io.adapter";
import { MetricsService } from "./metrics/metrics.service";

const NEST_LEVELS: Record<AppConfig["logLevel"], LogLevel[]> = {
  silent: [],
  fatal: ["fatal"],
  error: ["fatal", "error"],
  warn: ["fatal", "error", "warn"],
  info: ["fatal", "error", "warn", "log"],
  debug: ["fatal", "error", "warn", "log", "debug"],
  trace: ["fatal", "error", "warn", "log", "debug", "verbose"],
};

export type RunningApp = {
  app: NestFastifyApplication;
  /** Graceful stop: no new connections, in-flight requests finished, sockets closed, outbox flushed. */
  close(): Promise<void>;
};

/** Builds the whole node (REST, gateway, dashboard) on an opened and migrated database. */
export async function createApp(config: AppConfig): Promise<RunningApp> {
  const jwtSecret = resolveJwtSecret(config);
  const database = await openDatabase(config);
  const redis = config.redisUrl ? openRedis(config.redisUrl) : null;
  // Client addresses come from the socket unless TRUST_PROXY names the proxies in front.
  const adapter = new FastifyAdapter({
    bodyLimit: 16 * 1024,
    trustProxy: config.trustProxy ?? false,
    genReqId: requestIdOf,
    // Past 100 characters fastify answers a path parameter with its own 414; the headers limit
    // (16 KiB, request line included) bounds it anyway, so a malformed id reaches validation: 400.
    routerOptions: { maxParamLength: 16 * 1024 },
    // What fastify and Node's parser answer by themselves is a problem document too.
    frameworkErrors: onFrameworkError,
    clientErrorHandler: onClientError,
    // A request without Host reaches refuseMalformedRequests, which answers it as a problem document.
    // Slow requests are checked every second (Node: every 30 s), so HTTP_*_TIMEOUT hold to the second.
    http: { requireHostHeader: false, connectionsCheckingInterval: 1_000 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, database, jwtSecret, redis }), adapter, {
    logger: NEST_LEVELS[config.logLevel],
    // Nest would add form and extra parsers; fastify's own JSON parser is the only one we want.
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoLogger));
  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: fastify would otherwise hand text/plain bodies to the handlers.
  fastify.removeContentTypeParser("text/plain");
  // Echo the request id so a client can quote it, and it matches the log lines.
  fastify.addHook("onRequest", async (request, reply) => void reply.header("X-Request-Id", request.id));

  await applySecurityHeaders(app);
  app.setGlobalPrefix("api/v1", {
    exclude: [
      "api/docs",
      "api/docs/openapi.json",
      "api/docs/asyncapi.json",
      "api/docs/init.js",
      "api/docs/docs.css",
      "api/docs/favicon.svg",
      "metrics",
    ],
  });
  observeHttpDurations(app);
  const inFlight = countInFlightRequests(app);
  app.enableCors({
    origin: config.corsOrigins,
    methods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    allowedHeaders: ["Content-Type", "Authorization"],
    exposedHeaders: ["Location", "Retry-After"],
  });
  app.useWebSocketAdapter(new SocketIoAdapter(app, config, redis));
  await serveDashboard(app, config.adminDistDir);
  await serveDocsAssets(app);
  // Socket.IO attaches to the server here; the malformed-request guard goes in front of it and of fastify.
  await app.init();
  const server = app.getHttpServer();
  refuseMalformedRequests(server);
  const trusted = proxyAddr.compile(config.trustProxy ?? []);
  const refusedConnections = app.get(MetricsService).refusedConnections;
  limitConnections(
    server,
    config.http,
    (address) => trusted(address, 0),
    () => refusedConnections.inc(),
  );
  return {
    app,
    close: async () => {
      const logger = new Logger("Shutdown");
      const fastify = app.getHttpAdapter().getInstance();
      // 1. HTTP: stop accepting and let in-flight requests finish (fastify answers 503 + `Connection: close`
      //    to new requests on kept-alive connections). Connections busy now turn idle later and are closed
      //    as they do. Upgraded websocket connections hold the server open, so the wait is for the
      //    requests, not for `close()` itself.
      // 2. The relay's final pass: every committed event reaches the sockets still connected.
      // 3. Nest's close: sockets, then the rest.
      const sweep = setInterval(() => fastify.server.closeIdleConnections(), 50);
      try {
        const httpClosed = fastify.close();
        await inFlight.drained();
        logger.log("HTTP closed: in-flight requests finished");
        await app.get(OutboxRelay).finalPass();
        await app.close();
        await httpClosed;
        logger.log("outbox flushed, sockets closed");
      } finally {
        clearInterval(sweep);
      }
      await redis?.close();
      await database.close();
    },
  };
}

/**
 * Requests fastify has received and whose handler has not finished, for the shutdown to wait on. A
 * request is done when its response finished (`onResponse`), when it was cut before its body arrived
 * (`onRequestAbort`), or when its handler answered (`onSend`) and its connection has closed: a client
 * that hangs up after sending its whole body gets neither of the first two (the answer to a closed
 * socket never finishes), and such a request kept every graceful shutdown waiting its full 10 s.
 */
function countInFlightRequests(app: NestFastifyApplication): { drained(): Promise<void> } {
  const fastify = app.getHttpAdapter().getInstance();
  // A map, not a counter: a request may report more than one of its ends; it must not count twice.
  const open = new Map<object, { answered: boolean; closed: boolean }>();
  const waiters: (() => void)[] = [];
  const done = (request: object) => {
    if (!open.delete(request)) return;
    if (open.size === 0) for (const wake of waiters.splice(0)) wake();
  };
  fastify.addHook("onRequest", async (request, reply) => {
    const state = { answered: false, closed: false };
    open.set(request, state);
    reply.raw.once("close", () => {
      state.closed = true;
      if (state.answered) done(request);
    });
  });
  fastify.addHook("onSend", async (request, _reply, payload) => {
    const state = open.get(request);
    if (state) {
      state.answered = true;
      if (state.closed) done(request);
    }
    return payload;
  });
  fastify.addHook("onResponse", async (request) => done(request));
  fastify.addHook("onRequestAbort", async (request) => done(request));
  return { drained: () => (open.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))) };
}

function observeHttpDurations(app: NestFastifyApplication): void {
  const metrics = app.get(MetricsService);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook("onResponse", async (request, reply) => {
      // The route pattern, not the URL: ids must not explode the label set.
      const route = request.routeOptions.url ?? "unmatched";
      metrics.httpDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
}

async function serveDashboard(app: NestFastifyApplication, distDir: string): Promise<void> {
  if (!existsSync(join(distDir, "index.html"))) {
    new Logger("Dashboard").warn(`No dashboard build in ${distDir}: run \`npm run build\` to serve it at /`);
    return;
  }
  await app.register(fastifyStatic, { root: distDir, prefix: "/", index: ["index.html"], wildcard: true });
  // The dashboard's own addresses (the users list, a user's details, the audit log) load the page,
  // which routes itself.
  const fastify = app.getHttpAdapter().getInstance();
  for (const path of ["/users", "/users/:id", "/audit", "/operators", "/sessions"])
    fastify.get(path, (_request, reply) => reply.sendFile("index.html"));
}

async function serveDocsAssets(app: NestFastifyApplication): Promise<void> {
  const served = new Set(Object.values(SWAGGER_UI_ASSETS).map((file) => `/${file}`));
  await app.register(fastifyStatic, {
    root: swaggerUiPath(),
    prefix: "/api/docs/assets/",
    decorateReply: false,
    index: false,
    // Anything else of the package answers 404.
    allowedPath: (pathname) => served.has(pathname),
  });
}
