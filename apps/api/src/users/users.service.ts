import { Injectable } from "@nestjs/common";
import type { PublicUser, UsersPage } from "@moien/contracts";
import { ForbiddenError, NotFoundError, ValidationError } from "../common/app-errors";
import type { AuditRecord } from "../audit/audit.repository";
import { PasswordHasher } from "../auth/password-hasher";
import { canActOnUser, type Principal } from "../auth/principal";
import type { RegisterUserCommand } from "./register-user.pipe";
import { toPublicUser } from "./user.mapper";
import { UserEvents } from "./user-events";
import { decodeCursor, encodeCursor } from "./users-cursor";
import { UsersRepository } from "./users.repository";

export type ListUsersCommand = { limit: number; cursor?: string; q?: string };

/** The rules of the users feature. Events are stored with the change and announced after the commit. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly events: UserEvents,
  ) {}

  /** @throws ConflictError when the email or phone is already registered. */
  async register(command: RegisterUserCommand): Promise<PublicUser> {
    const { password, ...profile } = command;
    const row = await this.users.insertUser({ ...profile, passwordHash: await this.hasher.hash(password) }, (stored) => ({
      name: "users.created",
      payload: toPublicUser(stored),
    }));
    this.events.committed();
    return toPublicUser(row);
  }

  async list({ limit, cursor, q }: ListUsersCommand): Promise<UsersPage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (after === null) throw new ValidationError([{ field: "cursor", message: "cursor is not valid" }]);
    const rows = await this.users.listUsers({ limit, after, q: q || undefined });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toPublicUser),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  /** @throws ForbiddenError, NotFoundError */
  async findUserByIdOrThrow(principal: Principal, id: string): Promise<PublicUser> {
    this.assertCanActOn(principal, id);
    const row = await this.users.findUserById(id);
    if (!row) throw new NotFoundError("No user has this id.");
    return toPublicUser(row);
  }

  /** Account erasure by the user, or removal by an admin. @throws ForbiddenError, NotFoundError */
  async deleteUserOrThrow(principal: Principal, id: string, requestId: string | null = null): Promise<void> {
    this.assertCanActOn(principal, id);
    // An erasure names no actor: the user is gone, and their id is the target.
    const audit: AuditRecord =
      principal.role === "admin"
        ? { action: "user.deleted", actorId: principal.id, targetId: id, requestId }
        : { action: "user.erased", actorId: null, targetId: id, requestId };
    if (!(await this.users.deleteUserById(id, audit))) throw new NotFoundError("No user has this id (or it was already deleted).");
    this.events.committed();
  }

  private assertCanActOn(principal: Principal, id: string): void {
    if (!canActOnUser(principal, id)) throw new ForbiddenError("You can only see or erase your own account.");
  }
}
