import { Inject, Injectable } from "@nestjs/common";
import { type CurrentSession, type OperatorSession, type OperatorSessions, isOperatorRole } from "@moien/contracts";
import { NotFoundError, UnauthorizedError, ValidationError } from "../../common/app-errors";
import type { AppConfig } from "../../config/config";
import { APP_CONFIG } from "../../config/config.module";
import { AuditRepository } from "../../audit/audit.repository";
import { DATABASE } from "../../database/database.module";
import type { DatabaseHandle } from "../../database/database";
import type { OperatorSessionRow } from "../../database/schema";
import { AccountsRepository } from "../accounts.repository";
import { PasswordHasher } from "../password-hasher";
import type { Principal } from "../principal";
import { OperatorSessionsRepository, type SessionEndReason } from "./operator-sessions.repository";
import { isSessionLive } from "./session-rules";

/** An operator's own sessions: who is signed in, the list, signing out, ending one, changing the password. */
@Injectable()
export class OperatorSessionsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly sessions: OperatorSessionsRepository,
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditRepository,
  ) {}

  /** @throws UnauthorizedError when the session is gone meanwhile */
  async currentOrThrow(principal: Principal): Promise<CurrentSession> {
    const [profile, session] = await Promise.all([
      this.accounts.findOperatorProfile(principal.id),
      this.sessions.findOpen(principal.sessionId ?? ""),
    ]);
    if (!profile || !session || !isOperatorRole(profile.role)) throw new UnauthorizedError("The session has ended.");
    const stepUpUntil = principal.stepUpUntilMs ? new Date(principal.stepUpUntilMs) : null;
    return {
      operator: { id: principal.id, email: profile.email, role: profile.role },
      session: this.toWire(session, principal),
      hasFactor: profile.hasFactor,
      stepUpUntil: stepUpUntil && stepUpUntil.getTime() > Date.now() ? stepUpUntil.toISOString() : null,
    };
  }

  async listOwn(principal: Principal): Promise<OperatorSessions> {
    const rows = await this.sessions.listOpen(principal.id);
    const idle = this.config.operators.sessionIdleSeconds;
    return { items: rows.filter((row) => isSessionLive(row, idle)).map((row) => this.toWire(row, principal)) };
  }

  async endOwn(principal: Principal, sessionId: string, reason: SessionEndReason): Promise<boolean> {
    const session = await this.sessions.findOpen(sessionId);
    if (!session || session.operatorId !== principal.id) return false;
    return this.sessions.end(this.database.db, sessionId, reason);
  }

  /** @throws NotFoundError when it is not one of the operator's open sessions */
  async endOwnOrThrow(principal: Principal, sessionId: string): Promise<void> {
    if (!(await this.endOwn(principal, sessionId, "ended-by-operator"))) throw new NotFoundError("You have no open session with this id.");
  }

  /**
   * The operator's own password; every other session of theirs ends. A wrong current password is a 400
   * on `currentPassword`, not a 401: the session itself is fine (and the console would sign out on 401).
   * @throws ValidationError
   */
  async changePasswordOrThrow(principal: Principal, currentPassword: string, newPassword: string, requestId: string | null): Promise<void> {
    const profile = await this.accounts.findOperatorProfile(principal.id);
    if (!profile || !(await this.hasher.verify(profile.passwordHash, currentPassword))) {
      throw new ValidationError([{ field: "currentPassword", message: "currentPassword is wrong" }]);
    }
    const passwordHash = await this.hasher.hash(newPassword);
    await this.database.db.transaction(async (tx) => {
      await this.accounts.setOperatorPassword(tx, principal.id, passwordHash);
      await this.sessions.endAllOf(tx, principal.id, "password-changed", principal.sessionId);
      await this.audit.record(tx, {
        action: "admin.password_reset",
        actorId: principal.id,
        targetId: principal.id,
        details: { email: profile.email, via: "self" },
        requestId,
      });
    });
  }

  private toWire(row: OperatorSessionRow, principal: Principal): OperatorSession {
    return {
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      lastActiveAt: row.lastActiveAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      address: row.address,
      userAgent: row.userAgent,
      current: row.id === principal.sessionId,
    };
  }
}
