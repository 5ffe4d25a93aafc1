import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  smallint,
} from "drizzle-orm/pg-core";
import { type AuditAction, AuditActionSchema, USERS_EVENT_NAMES, type UsersEventName } from "@moien/contracts";

/**
 * Registered users and admin operators share one table so that one email logs in to one account.
 * Admins have no phone and are filtered out of every user listing.
 */
export const accounts = pgTable(
  "accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    fullName: text("full_name").notNull(),
    countryCode: text("country_code"),
    phone: text("phone"),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["user", "viewer", "support", "admin"] }).notNull(),
    // Bumped to revoke every token issued before (password reset or change, suspension, erasure).
    tokenVersion: integer("token_version").notNull().default(0),
    // A user's password change keeps the token that made it (its jti): "the other tokens stop working".
    keptTokenId: uuid("kept_token_id"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3, mode: "date" }).notNull().defaultNow(),
    // What search matches (searchDocument in the contracts), computed by the database for every row
    // whatever wrote it (migration 0002 defines moien_search_document).
    searchText: text("search_text")
      .notNull()
      .generatedAlwaysAs(sql`moien_search_document(full_name, email, phone)`),
  },
  (t) => [
    uniqueIndex("accounts_email_key").on(t.email),
    uniqueIndex("accounts_phone_key").on(t.phone),
    index("accounts_users_created_idx")
      .on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.role} = 'user'`),
    index("accounts_users_country_created_idx")
      .on(t.countryCode, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.role} = 'user'`),
    index("accounts_users_search_idx")
      .using("gin", t.searchText.op("gin_trgm_ops"))
      .where(sql`${t.role} <> 'admin'`),
    check("accounts_role_check", sql`${t.role} in ('user', 'viewer', 'support', 'admin')`),
    check("accounts_user_has_phone", sql`${t.role} <> 'user' or (${t.phone} is not null and ${t.countryCode} is not null)`),
  ],
);

export type AccountRow = typeof accounts.$inferSelect;
export type NewAccountRow = typeof accounts.$inferInsert;

/**
 * Transactional outbox: each users event is written in the transaction of the change it announces,
 * then relayed to the sockets in id order and marked published. A process dying between commit and
 * broadcast leaves the row here for the next relay pass, on any node.
 */
export const userEvents = pgTable(
  "user_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    name: text("name", { enum: USERS_EVENT_NAMES as [UsersEventName, ...UsersEventName[]] }).notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3, mode: "date" }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true, precision: 3, mode: "date" }),
  },
  (t) => [
    index("user_events_pending_idx")
      .on(t.id)
      .where(sql`${t.publishedAt} is null`),
    // Erasure finds a user's profile-carrying rows by the payload's id (migration 0006).
    index("user_events_profile_user_idx")
      .on(sql`(${t.payload} ->> 'id')`)
      .where(sql`${t.name} in ('users.created', 'users.updated')`),
  ],
);

export type UserEventRow = typeof userEvents.$inferSelect;

const AUDIT_ACTIONS = AuditActionSchema.options as [AuditAction, ...AuditAction[]];

/**
 * Audit log: who did what, written in the transaction of the action it records. Append-only (a
 * trigger refuses updates); pruned after AUDIT_RETENTION. Never holds a registered user's name,
 * email or phone: `actor_email` is an admin's (an operator), `target_id` a bare id.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    // clock_timestamp, not now(): the moment of the write, not of its transaction's start.
    at: timestamp("at", { withTimezone: true, precision: 3, mode: "date" })
      .notNull()
      .default(sql`clock_timestamp()`),
    action: text("action", { enum: AUDIT_ACTIONS }).notNull(),
    actorId: uuid("actor_id"),
    actorEmail: text("actor_email"),
    targetId: uuid("target_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    requestId: text("request_id"),
  },
  (t) => [
    index("audit_log_action_idx").on(t.action, t.id.desc()),
    index("audit_log_at_idx").on(t.at),
    check("audit_log_action_check", sql`${t.action} in (${sql.raw(AUDIT_ACTIONS.map((a) => `'${a}'`).join(", "))})`),
    check("audit_log_actor_check", sql`(${t.actorId} is null) = (${t.actorEmail} is null)`),
  ],
);

export type AuditLogRow = typeof auditLog.$inferSelect;
/**
 * Registered users per UTC day and country, and per country (below). Written only by the triggers
 * of migration 0003 in the transaction of each change to accounts; `npm run stats:rebuild`
 * recomputes both from the accounts. Each counter is split into stripes (migration 0009: concurrent
 * writers touch different rows): a figure is the sum of its stripes.
 */
export const userCountsDaily = pgTable(
  "user_counts_daily",
  {
    day: date("day", { mode: "string" }).notNull(),
    countryCode: text("country_code").notNull(),
    stripe: smallint("stripe").notNull().default(0),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "user_counts_daily_pkey", columns: [t.day, t.countryCode, t.stripe] })],
);

export const userCountsCountry = pgTable(
  "user_counts_country",
  {
    countryCode: text("country_code").notNull(),
    stripe: smallint("stripe").notNull().default(0),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "user_counts_country_pkey", columns: [t.countryCode, t.stripe] })],
);

/**
 * Suspended users (migration 0006): one row per user in force or lapsed but not yet swept. Goes with
 * the account on erasure (cascade), reason included. `by_email` is an operator's, not a user's.
 */
export const suspensions = pgTable(
  "suspensions",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => accounts.id, { onDelete: "cascade" }),
    reason: text("reason"),
    until: timestamp("until", { withTimezone: true, precision: 3, mode: "date" }),
    at: timestamp("at", { withTimezone: true, precision: 3, mode: "date" }).notNull().defaultNow(),
    byId: uuid("by_id").notNull(),
    byEmail: text("by_email").notNull(),
  },
  (t) => [
    index("suspensions_at_idx").on(t.at.desc(), t.userId.desc()),
    index("suspensions_until_idx")
      .on(t.until)
      .where(sql`${t.until} is not null`),
  ],
);

export type SuspensionRow = typeof suspensions.$inferSelect;

/**
 * What only operators have (migration 0007), one row per operator account: disabled, a one-time password
 * to change, the TOTP factor and the last step it accepted, the last sign-in.
 */
export const operators = pgTable("operators", {
  accountId: uuid("account_id")
    .primaryKey()
    .references(() => accounts.id, { onDelete: "cascade" }),
  disabledAt: timestamp("disabled_at", { withTimezone: true, precision: 3, mode: "date" }),
  passwordChangeRequired: boolean("password_change_required").notNull().default(false),
  totpSecret: text("totp_secret"),
  totpLastStep: bigint("totp_last_step", { mode: "number" }),
  lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true, precision: 3, mode: "date" }),
});

/** An operator's recovery codes (migration 0007): hashes only; a used code's row is deleted. */
export const operatorRecoveryCodes = pgTable(
  "operator_recovery_codes",
  {
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
  },
  (t) => [primaryKey({ name: "operator_recovery_codes_pkey", columns: [t.operatorId, t.codeHash] })],
);

/**
 * One sign-in of an operator: what its token names. Ended by sign-out, an admin, or a change to the
 * operator; over after `SESSION_IDLE_TIMEOUT` without activity and at `expires_at` whatever happens.
 */
export const operatorSessions = pgTable(
  "operator_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3, mode: "date" }).notNull().defaultNow(),
    lastActiveAt: timestamp("last_active_at", { withTimezone: true, precision: 3, mode: "date" }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3, mode: "date" }).notNull(),
    mfaVerifiedAt: timestamp("mfa_verified_at", { withTimezone: true, precision: 3, mode: "date" }),
    address: text("address"),
    userAgent: text("user_agent"),
    endedAt: timestamp("ended_at", { withTimezone: true, precision: 3, mode: "date" }),
    endedReason: text("ended_reason"),
  },
  (t) => [
    index("operator_sessions_open_idx")
      .on(t.operatorId)
      .where(sql`${t.endedAt} is null`),
  ],
);

export type OperatorSessionRow = typeof operatorSessions.$inferSelect;

/** The challenge between a right password and the second factor (or the first sign-in's setup). */
export const mfaChallenges = pgTable("mfa_challenges", {
  // sha256 of the challenge handed to the client: the table alone cannot answer one.
  idHash: text("id_hash").primaryKey(),
  operatorId: uuid("operator_id")
    .notNull()
    .references(() => accounts.id, { onDelete: "cascade" }),
  kind: text("kind", { enum: ["verify", "enroll"] }).notNull(),
  pendingSecret: text("pending_secret"),
  expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3, mode: "date" }).notNull(),
  failures: integer("failures").notNull().default(0),
  usedAt: timestamp("used_at", { withTimezone: true, precision: 3, mode: "date" }),
});

export type MfaChallengeRow = typeof mfaChallenges.$inferSelect;
