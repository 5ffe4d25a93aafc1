import { Body, Controller, HttpCode, Inject, Post } from "@nestjs/common";
import { safeString } from "@moien/contracts";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { ZodValidationPipe } from "../common/zod-validation.pipe";
import type { DatabaseHandle } from "../database/database";
import { DATABASE } from "../database/database.module";

const FailingQuerySchema = z.object({
  kind: z.enum(["cast", "timeout"]),
  value: safeString("value").max(500),
});

/**
 * Test-only (`TEST_FAULT=failing-query`, itself only allowed with NODE_ENV=test): runs a query that
 * fails with `value` among its parameters, so a test can check what reaches the log and the client.
 */
@Controller("test-faults")
export class FailingQueryController {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  @Post("failing-query")
  @HttpCode(204)
  async run(@Body(new ZodValidationPipe(FailingQuerySchema)) { kind, value }: z.output<typeof FailingQuerySchema>): Promise<void> {
    if (kind === "cast") {
      // invalid input syntax for type integer: Drizzle's error quotes the query and `value`.
      await this.database.db.execute(sql`select ${value}::int as n`);
      return;
    }
    // statement_timeout cancels the sleep (57014), as a saturated database would.
    await this.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local statement_timeout = 50`);
      await tx.execute(sql`select pg_sleep(2), ${value}::text as v`);
    });
  }
}
