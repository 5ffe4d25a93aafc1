import { Injectable } from "@nestjs/common";
import type { PublicUser, UsersCount, UsersFilters, UsersOrder, UsersPage } from "@moien/contracts";
import { ForbiddenError, NotFoundError, ValidationError } from "../common/app-errors";
import type { AuditRecord } from "../audit/audit.repository";
import { PasswordHasher } from "../auth/password-hasher";
import { canActOnUser, type Principal } from "../auth/principal";
import type { RegisterUserCommand } from "./register-user.pipe";
import { toPublicUser } from "./user.mapper";
import { Outbox } from "./events/outbox";
import { decodeCursor, encodeCursor, filtersKey } from "./users-cursor";
import { UserRegistrationRepository } from "./user-registration.repository";
import { UserRemovalRepository } from "./user-removal.repository";
import { UsersRepository } from "./users.repository";
import { UsersSearchRepository } from "./users-search.repository";
import { UsersStatsRepository } from "./users-stats.repository";

export type ListUsersCommand = UsersFilters & { limit: number; cursor?: string; order: UsersOrder };

/**
 * The rules of the users feature. Each change is written with its event in one outbox transaction;
 * after the commit the outbox hands the events to the relay, which broadcasts them.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly search: UsersSearchRepository,
    private readonly hasher: PasswordHasher,
    private readonly outbox: Outbox,
    private readonly removal: UserRemovalRepository,
    private readonly registration: UserRegistrationRepository,
    private readonly counters: UsersStatsRepository,
  ) {}

  /** @throws ConflictError when the email or phone is already registered. */
  async register(command: RegisterUserCommand): Promise<PublicUser> {
    const { password, ...profile } = command;
    const passwordHash = await this.hasher.hash(password);
    const created = await this.outbox.statement(() => this.registration.insertUser({ ...profile, passwordHash }));
    if (!created) throw new Error("the registration wrote nothing");
    return created.payload;
  }

  /** @throws ValidationError (field cursor) when the cursor is garbled or was made with other filters or order. */
  async list({ limit, cursor, order, ...filters }: ListUsersCommand): Promise<UsersPage> {
    const key = filtersKey(filters, order);
    const decoded = cursor === undefined ? undefined : decodeCursor(cursor);
    if (decoded === null) throw new ValidationError([{ field: "cursor", message: "cursor is not valid" }]);
    if (decoded && decoded.key !== key) {
      throw new ValidationError([
        { field: "cursor", message: "cursor was made with other filters or another order; start again without it" },
      ]);
    }
    const after = decoded && { createdAt: decoded.createdAt, id: decoded.id };
    const { rows, resumeAfter } = await this.search.findUsersPage({ limit, after, order, filters });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    // A search that stopped at its budget hands back where it stopped, even with a short (or empty) page.
    const next = rows.length > limit && last ? last : resumeAfter;
    return { items: page.map(toPublicUser), nextCursor: next ? encodeCursor(next, key) : null };
  }

  /**
   * Exact. Without a search and with whole-day bounds (the dashboard's filters), the counters the
   * database keeps answer it in constant time; otherwise the accounts are counted.
   */
  async count(filters: UsersFilters): Promise<UsersCount> {
    const { q, country, registeredFrom, registeredTo } = filters;
    const fromDay = registeredFrom && utcDayOf(registeredFrom);
    const toDay = registeredTo && utcDayOf(registeredTo);
    if (!q && fromDay !== null && toDay !== null) {
      return { total: await this.counters.countFromCounters({ fromDay, toDay, countries: country }) };
    }
    return { total: await this.search.countUsers(filters) };
  }

  /** @throws ForbiddenError, NotFoundError */
  async findUserByIdOrThrow(principal: Principal, id: string): Promise<PublicUser> {
    if (!canActOnUser(principal, id, "users.read")) throw new ForbiddenError("You can only see your own account.");
    const row = await this.users.findUserById(id);
    if (!row) throw new NotFoundError("No user has this id.");
    return toPublicUser(row);
  }

  /** Account erasure by the user, or removal by an admin (the audit names the admin; an erasure, no one). @throws ForbiddenError, NotFoundError */
  async deleteUserOrThrow(principal: Principal, id: string, requestId: string | null = null): Promise<void> {
    if (!canActOnUser(principal, id, "users.delete")) throw new ForbiddenError("You can only erase your own account.");
    // An erasure names no actor: the user is gone, and their id is the target.
    const audit: AuditRecord =
      principal.id !== id
        ? { action: "user.deleted", actorId: principal.id, targetId: id, requestId }
        : { action: "user.erased", actorId: null, targetId: id, requestId };
    // Erasure: the user's earlier users.created (a whole profile) leaves the outbox with the account.
    const removed = await this.outbox.statement(() => this.removal.removeUser(id, audit));
    if (!removed) throw new NotFoundError("No user has this id (or it was already deleted).");
  }
}

/** `2026-02-01` for a midnight UTC instant; null for any other time of day (not countable by day). */
function utcDayOf(instant: Date): string | null {
  return instant.getTime() % 86_400_000 === 0 ? instant.toISOString().slice(0, 10) : null;
}
