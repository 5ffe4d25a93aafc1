import { timingSafeEqual } from "node:crypto";
import { Controller, Get, Inject, Req, Res } from "@nestjs/common";
import type { FastifyReply, FastifyRequest } from "fastify";
import { ForbiddenError } from "../common/app-errors";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { bearerToken } from "../auth/auth.guard";
import { MetricsService } from "./metrics.service";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * Prometheus at /metrics (outside /api/v1). Not public by accident: with METRICS_TOKEN set, a
 * matching bearer token is required; without it, only clients on this machine are answered.
 */
@Controller("metrics")
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!this.isAllowed(request)) throw new ForbiddenError("Metrics need METRICS_TOKEN, or a client on this machine.");
    void reply.header("Content-Type", this.metrics.registry.contentType).header("Cache-Control", "no-store");
    return this.metrics.registry.metrics();
  }

  private isAllowed(request: FastifyRequest): boolean {
    const expected = this.config.metricsToken;
    if (!expected) return LOOPBACK.has(request.ip);
    const given = bearerToken(request.headers.authorization) ?? "";
    return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  }
}
