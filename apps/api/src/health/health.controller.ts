import { Controller, Get, Header, Inject, Res } from "@nestjs/common";
import type { Health } from "@moien/contracts";
import type { FastifyReply } from "fastify";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";

const CHECK_TIMEOUT_MS = 2_000;

const withTimeout = <T>(promise: Promise<T>): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), CHECK_TIMEOUT_MS).unref())]);

@Controller("health")
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header("Cache-Control", "no-store")
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<Health> {
    const database = await withTimeout(this.database.ping()).then(
      () => "up" as const,
      () => "down" as const,
    );
    // The cluster adapter arrives with REDIS_URL support; until then Redis is not used.
    const redis = this.config.redisUrl ? ("down" as const) : ("disabled" as const);
    const healthy = database === "up" && redis !== "down";
    void reply.status(healthy ? 200 : 503);
    return { status: healthy ? "ok" : "error", checks: { database, redis } };
  }
}
