import { Controller, Get, Header, Inject, Optional, Res } from "@nestjs/common";
import type { Health } from "@moien/contracts";
import type { FastifyReply } from "fastify";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import { withTimeout } from "../common/with-timeout";
import { REDIS, type RedisHandle } from "../realtime/redis";

const CHECK_TIMEOUT_MS = 2_000;

@Controller("health")
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Optional() @Inject(REDIS) private readonly redis: RedisHandle | null,
  ) {}

  /** Liveness: the process answers. Orchestrators restart a node that stops answering this. */
  @Get("live")
  @Header("Cache-Control", "no-store")
  live(): { status: "ok" } {
    return { status: "ok" };
  }

  /** Readiness (also at /health/ready): send traffic only while the database and Redis answer. */
  @Get(["", "ready"])
  @Header("Cache-Control", "no-store")
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<Health> {
    const database = await withTimeout(this.database.ping(), CHECK_TIMEOUT_MS).then(
      () => "up" as const,
      () => "down" as const,
    );
    const redis = !this.redis ? ("disabled" as const) : (await this.redis.ping(CHECK_TIMEOUT_MS)) ? ("up" as const) : ("down" as const);
    const healthy = database === "up" && redis !== "down";
    void reply.status(healthy ? 200 : 503);
    return { status: healthy ? "ok" : "error", checks: { database, redis } };
  }
}
