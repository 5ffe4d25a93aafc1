import { Injectable } from "@nestjs/common";
import type { Suspension, SuspensionsPage, SuspendUserRequestSchema } from "@moien/contracts";
import type { z } from "zod";
import { NotFoundError, ValidationError } from "../../common/app-errors";
import { AuditRepository } from "../../audit/audit.repository";
import type { Principal } from "../../auth/principal";
import { Outbox } from "../events/outbox";
import { toSuspension } from "./suspension.mapper";
import { decodeSuspensionsCursor, encodeSuspensionsCursor } from "./suspensions-cursor";
import { SuspensionsRepository } from "./suspensions.repository";

export type SuspendCommand = z.output<typeof SuspendUserRequestSchema>;

/**
 * Suspending stops a user without erasing them: sign-in is refused and every token they hold stops
 * at once (the suspension bumps the token version the request check reads anyway: no extra query).
 * Events and the audit log never carry the reason.
 */
@Injectable()
export class SuspensionsService {
  constructor(
    private readonly suspensions: SuspensionsRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditRepository,
  ) {}

  /** @throws ValidationError (until not in the future), NotFoundError */
  async suspendOrThrow(principal: Principal, userId: string, command: SuspendCommand, requestId: string | null): Promise<Suspension> {
    if (command.until && command.until.getTime() <= Date.now()) {
      throw new ValidationError([{ field: "until", message: "until must be in the future" }]);
    }
    return this.outbox.transaction(async (tx, record) => {
      const row = await this.suspensions.suspend(tx, { userId, reason: command.reason, until: command.until, byId: principal.id });
      if (!row) throw new NotFoundError("No user has this id.");
      const suspension = toSuspension(row);
      await record({ name: "users.suspended", payload: { id: userId, until: suspension.until } });
      await this.audit.record(tx, {
        action: "user.suspended",
        actorId: principal.id,
        targetId: userId,
        details: { until: suspension.until },
        requestId,
      });
      return suspension;
    });
  }

  /** @throws NotFoundError when the user is not suspended (or does not exist). */
  async reinstateOrThrow(principal: Principal, userId: string, requestId: string | null): Promise<void> {
    await this.outbox.transaction(async (tx, record) => {
      if (!(await this.suspensions.reinstate(tx, userId))) throw new NotFoundError("This user is not suspended.");
      await record({ name: "users.reinstated", payload: { id: userId } });
      await this.audit.record(tx, { action: "user.reinstated", actorId: principal.id, targetId: userId, requestId });
    });
  }

  /** Reinstates the users whose suspension reached its end; returns how many. */
  async reinstateLapsed(limit: number): Promise<number> {
    return this.outbox.transaction(async (tx, record) => {
      const userIds = await this.suspensions.takeLapsed(tx, limit);
      for (const id of userIds) {
        await record({ name: "users.reinstated", payload: { id } });
        await this.audit.record(tx, { action: "user.reinstated", actorId: null, targetId: id, details: { via: "lapse" }, requestId: null });
      }
      return userIds.length;
    });
  }

  /** @throws ValidationError (field cursor) */
  async listOrThrow(limit: number, cursor: string | undefined): Promise<SuspensionsPage> {
    const after = cursor === undefined ? undefined : decodeSuspensionsCursor(cursor);
    if (after === null) throw new ValidationError([{ field: "cursor", message: "cursor is not valid" }]);
    const rows = await this.suspensions.listInForce(limit, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toSuspension),
      nextCursor: rows.length > limit && last ? encodeSuspensionsCursor({ at: last.at, userId: last.userId }) : null,
    };
  }
}
