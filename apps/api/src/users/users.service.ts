import { Injectable } from "@nestjs/common";
import type { PublicUser, UsersCount, UsersFilters, UsersOrder, UsersPage } from "@moien/contracts";
import { ForbiddenError, NotFoundError, ValidationError } from "../common/app-errors";
import { PasswordHasher } from "../auth/password-hasher";
import { canActOnUser, type Principal } from "../auth/principal";
import type { RegisterUserCommand } from "./register-user.pipe";
import { toPublicUser } from "./user.mapper";
import { UserEvents } from "./user-events";
import { decodeCursor, encodeCursor, filtersKey } from "./users-cursor";
import { UsersRepository } from "./users.repository";

export type ListUsersCommand = UsersFilters & { limit: number; cursor?: string; order: UsersOrder };

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

  /** @throws ValidationError (field cursor) when the cursor is garbled or was made with other filters or order. */
  async list({ limit, cursor, order, ...filters }: ListUsersCommand): Promise<UsersPage> {
    const key = filtersKey(filters, order);
    const decoded = cursor === undefined ? undefined : decodeCursor(cursor);
    if (decoded === null) throw new ValidationError([{ field: "cursor", message: "cursor is not valid" }]);
    if (decoded && decoded.key !== key) {
      throw new ValidationError([{ field: "cursor", message: "cursor was made with other filters or another order; start again without it" }]);
    }
    const after = decoded && { createdAt: decoded.createdAt, id: decoded.id };
    const { rows, resumeAfter } = await this.users.findUsersPage({ limit, after, order, filters });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    // A search that stopped at its budget hands back where it stopped, even with a short (or empty) page.
    const next = rows.length > limit && last ? last : resumeAfter;
    return { items: page.map(toPublicUser), nextCursor: next ? encodeCursor(next, key) : null };
  }

  async count(filters: UsersFilters): Promise<UsersCount> {
    return { total: await this.users.countUsers(filters) };
  }

  /** @throws ForbiddenError, NotFoundError */
  async findUserByIdOrThrow(principal: Principal, id: string): Promise<PublicUser> {
    this.assertCanActOn(principal, id);
    const row = await this.users.findUserById(id);
    if (!row) throw new NotFoundError("No user has this id.");
    return toPublicUser(row);
  }

  /** Account erasure by the user, or removal by an admin. @throws ForbiddenError, NotFoundError */
  async deleteUserOrThrow(principal: Principal, id: string): Promise<void> {
    this.assertCanActOn(principal, id);
    if (!(await this.users.deleteUserById(id))) throw new NotFoundError("No user has this id (or it was already deleted).");
    this.events.committed();
  }

  private assertCanActOn(principal: Principal, id: string): void {
    if (!canActOnUser(principal, id)) throw new ForbiddenError("You can only see or erase your own account.");
  }
}
