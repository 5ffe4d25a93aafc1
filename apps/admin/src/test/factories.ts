import type { CurrentSession, OperatorRole, PublicUser, UsersPage } from "@moien/contracts";
import type { UserEvent, UsersData } from "../users/users-data";

let sequence = 0;

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

/** A valid PublicUser; each call is newer than the previous one unless overridden. */
export function makeUser(overrides: Partial<PublicUser> = {}): PublicUser {
  sequence += 1;
  return {
    id: uuid(sequence),
    fullName: `User ${sequence}`,
    countryCode: "LU",
    countryName: "Luxembourg",
    phone: `+35269123${String(sequence % 10_000).padStart(4, "0")}`,
    email: `user${sequence}@example.com`,
    createdAt: new Date(Date.UTC(2026, 1, 1) + sequence * 1000).toISOString(),
    ...overrides,
  };
}

export const makePage = (items: PublicUser[], nextCursor: string | null = null): UsersPage => ({ items, nextCursor });

export const makeData = (...pages: UsersPage[]): UsersData => ({
  pages,
  pageParams: pages.map((_, index) => (index === 0 ? null : `cursor-${index}`)),
});

export const created = (user: PublicUser): UserEvent => ({ name: "users.created", payload: user });

export const deleted = (id: string): UserEvent => ({ name: "users.deleted", payload: { id } });

export const ids = (data: UsersData | undefined): string[] => data?.pages.flatMap((page) => page.items.map((user) => user.id)) ?? [];

/** What `GET /auth/session` answers for a signed-in operator of this role. */
export function aCurrentSession(role: OperatorRole = "admin", overrides: Partial<CurrentSession> = {}): CurrentSession {
  return {
    operator: { id: "00000000-0000-4000-8000-00000000a001", email: `${role}@moien.test`, role },
    session: {
      id: "00000000-0000-4000-8000-00000000b001",
      createdAt: "2026-12-05T09:00:00.000Z",
      lastActiveAt: "2026-12-05T09:00:00.000Z",
      expiresAt: "2026-12-05T21:00:00.000Z",
      address: "127.0.0.1",
      userAgent: "test",
      current: true,
    },
    hasFactor: false,
    stepUpUntil: null,
    ...overrides,
  };
}
