import { Readable } from "node:stream";
import { StepUpRequiredError } from "../common/app-errors";
import { Injectable } from "@nestjs/common";
import type { UsersFilters, UsersOrder } from "@moien/contracts";
import { AuditRepository } from "../audit/audit.repository";
import type { Principal } from "../auth/principal";
import { ExportRateLimit } from "./export-rate-limit";
import { toPublicUser, type UserRow } from "./user.mapper";
import type { UsersCursor } from "./users-cursor";
import { CSV_BOM, usersCsvHeader, usersCsvRow } from "./users-csv";
import { UsersSearchRepository } from "./users-search.repository";

export type ExportUsersCommand = UsersFilters & { order: UsersOrder };
export type UsersExport = { filename: string; body: Readable };

// Rows per keyset read: large enough to keep round trips few, small enough to keep memory flat.
const BATCH = 1_000;

/** CSV export of the users matching the filters, streamed in batched keyset reads. */
@Injectable()
export class UsersExportService {
  constructor(
    private readonly users: UsersSearchRepository,
    private readonly audit: AuditRepository,
    private readonly limit: ExportRateLimit,
  ) {}

  /**
   * Counts against the admin's export limit, reads the first batch, and records `users.exported` when
   * the export starts (before the first byte: an export cut short was still an export), then returns the
   * stream. An export that cannot start (its first read or its audit entry fails) is neither recorded nor
   * counted: the limit's point is given back.
   * @throws RateLimitedError
   */
  async startOrThrow(admin: Principal, command: ExportUsersCommand, requestId: string | null): Promise<UsersExport> {
    assertSteppedUp(admin);
    await this.limit.consumeOrThrow(admin.id);
    let first: UserRow[];
    try {
      first = await this.read(command, undefined);
      await this.audit.recordAlone({
        action: "users.exported",
        actorId: admin.id,
        targetId: null,
        details: auditDetails(command),
        requestId,
      });
    } catch (error) {
      await this.limit.refund(admin.id);
      throw error;
    }
    return {
      filename: `moien-users-${new Date().toISOString().slice(0, 10)}.csv`,
      // Pulled batch by batch as the client reads: a slow client slows the reads, memory stays flat.
      body: Readable.from(this.rows(command, first), { highWaterMark: 2 }),
    };
  }

  /** One batch from `after`, with one more row when more follow. */
  private read({ order, ...filters }: ExportUsersCommand, after: UsersCursor | undefined): Promise<UserRow[]> {
    return this.users.listUsers({ limit: BATCH, after, order, filters });
  }

  private async *rows(command: ExportUsersCommand, first: UserRow[]): AsyncGenerator<Buffer> {
    yield Buffer.from(CSV_BOM + usersCsvHeader(), "utf8");
    let rows = first;
    for (;;) {
      const batch = rows.slice(0, BATCH);
      if (batch.length > 0) yield Buffer.from(batch.map((row) => usersCsvRow(toPublicUser(row))).join(""), "utf8");
      const last = batch.at(-1);
      if (rows.length <= BATCH || !last) return;
      rows = await this.read(command, { createdAt: last.createdAt, id: last.id });
    }
  }
}

/**
 * Step-up (the contract): a second factor verified in the last 10 minutes of the session, when the operator has one.
 * @throws StepUpRequiredError
 */
export function assertSteppedUp(admin: Principal): void {
  if (admin.hasFactor && !((admin.stepUpUntilMs ?? 0) > Date.now())) throw new StepUpRequiredError();
}

/**
 * The filters as the audit entry keeps them. The search text is not kept, only that there was one:
 * it may be a registered user's name, email or phone, which the audit log must never hold.
 */
function auditDetails({ order, q, country, registeredFrom, registeredTo }: ExportUsersCommand): Record<string, unknown> {
  return {
    order,
    filters: {
      ...(q ? { search: true } : {}),
      ...(country ? { country } : {}),
      ...(registeredFrom ? { registeredFrom: registeredFrom.toISOString() } : {}),
      ...(registeredTo ? { registeredTo: registeredTo.toISOString() } : {}),
    },
  };
}
