import { randomBytes } from "node:crypto";
import { Inject, Injectable } from "@nestjs/common";
import type { CreatedOperator, Operator, OperatorRole } from "@moien/contracts";
import { ConflictError, LastAdminError, NotFoundError } from "../common/app-errors";
import { AuditRepository } from "../audit/audit.repository";
import { PasswordHasher } from "../auth/password-hasher";
import type { Principal } from "../auth/principal";
import { OperatorSessionsRepository, type SessionEndReason } from "../auth/sessions/operator-sessions.repository";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import type { Transaction } from "../database/transaction";
import { toOperator } from "./operator.mapper";
import { type OperatorRow, OperatorsRepository } from "./operators.repository";

/**
 * Admins managing colleagues. Every change that takes power away (a role change, disabling, a factor
 * reset) ends the operator's sessions in the same transaction, is audited there too, and never leaves
 * no enabled admin (the command line is the way out of that).
 */
@Injectable()
export class OperatorsService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly operators: OperatorsRepository,
    private readonly sessions: OperatorSessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditRepository,
  ) {}

  async list(): Promise<Operator[]> {
    return (await this.operators.list()).map(toOperator);
  }

  /** A new operator with a one-time password, shown once. @throws ConflictError (email taken) */
  async createOrThrow(admin: Principal, input: { email: string; role: OperatorRole }, requestId: string | null): Promise<CreatedOperator> {
    const oneTimePassword = randomBytes(12).toString("base64url");
    const passwordHash = await this.hasher.hash(oneTimePassword);
    const operator = await this.database.db.transaction(async (tx) => {
      const id = await this.operators.create(tx, { ...input, passwordHash });
      if (!id) throw new ConflictError("email");
      await this.audit.record(tx, {
        action: "operator.created",
        actorId: admin.id,
        targetId: id,
        details: { email: input.email, role: input.role },
        requestId,
      });
      return this.findOrThrow(tx, id);
    });
    return { operator: toOperator(operator), oneTimePassword };
  }

  /** @throws NotFoundError, LastAdminError */
  async updateOrThrow(
    admin: Principal,
    id: string,
    change: { role?: OperatorRole; disabled?: boolean },
    requestId: string | null,
  ): Promise<Operator> {
    return this.database.db.transaction(async (tx) => {
      const before = await this.findOrThrow(tx, id);
      const roleChanges = change.role !== undefined && change.role !== before.role;
      const disabledChanges = change.disabled !== undefined && change.disabled !== (before.disabledAt !== null);
      if (!roleChanges && !disabledChanges) return toOperator(before);
      if ((roleChanges || change.disabled === true) && before.role === "admin") await this.assertNotLastAdmin(tx, id);
      await this.operators.update(tx, id, {
        role: roleChanges ? change.role : undefined,
        disabled: disabledChanges ? change.disabled : undefined,
      });
      const details = { email: before.email };
      if (roleChanges) {
        await this.endSessions(tx, id, "role-changed");
        await this.record(tx, admin, "operator.role_changed", id, { ...details, from: before.role, to: change.role }, requestId);
      }
      if (disabledChanges) {
        if (change.disabled) await this.endSessions(tx, id, "disabled");
        await this.record(tx, admin, change.disabled ? "operator.disabled" : "operator.enabled", id, details, requestId);
      }
      return toOperator(await this.findOrThrow(tx, id));
    });
  }

  /** Removes the TOTP factor and recovery codes: enrolment again at next sign-in. @throws NotFoundError, LastAdminError */
  async resetFactorsOrThrow(admin: Principal, id: string, requestId: string | null): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      const before = await this.findOrThrow(tx, id);
      if (before.role === "admin" && before.disabledAt === null) await this.assertNotLastAdmin(tx, id);
      await this.operators.update(tx, id, { resetFactors: true });
      await this.endSessions(tx, id, "factors-reset");
      await this.record(tx, admin, "operator.mfa_reset", id, { email: before.email }, requestId);
    });
  }

  /** @throws NotFoundError */
  async endSessionsOrThrow(admin: Principal, id: string, requestId: string | null): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      const before = await this.findOrThrow(tx, id);
      const count = await this.sessions.endAllOf(tx, id, "ended-by-admin");
      await this.record(tx, admin, "operator.sessions_ended", id, { email: before.email, count }, requestId);
    });
  }

  private async findOrThrow(tx: Transaction, id: string): Promise<OperatorRow> {
    const row = await this.operators.find(tx, id);
    if (!row) throw new NotFoundError("No operator has this id.");
    return row;
  }

  private async assertNotLastAdmin(tx: Transaction, id: string): Promise<void> {
    const enabledAdmins = await this.operators.lockEnabledAdmins(tx);
    if (enabledAdmins.length <= 1 && enabledAdmins.includes(id)) throw new LastAdminError();
  }

  private async endSessions(tx: Transaction, id: string, reason: SessionEndReason): Promise<void> {
    await this.sessions.endAllOf(tx, id, reason);
  }

  private record(
    tx: Transaction,
    admin: Principal,
    action: "operator.role_changed" | "operator.disabled" | "operator.enabled" | "operator.mfa_reset" | "operator.sessions_ended",
    targetId: string,
    details: Record<string, unknown>,
    requestId: string | null,
  ): Promise<void> {
    return this.audit.record(tx, { action, actorId: admin.id, targetId, details, requestId });
  }
}
