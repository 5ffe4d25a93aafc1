import { sql } from "drizzle-orm";
import { bigserial, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

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
    role: text("role", { enum: ["user", "admin"] }).notNull(),
    // Bumped to revoke every token issued before (password reset, erasure).
    tokenVersion: integer("token_version").notNull().default(0),
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
    index("accounts_users_created_idx").on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.role} = 'user'`),
    index("accounts_users_country_created_idx").on(t.countryCode, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.role} = 'user'`),
    index("accounts_users_search_idx").using("gin", t.searchText.op("gin_trgm_ops")).where(sql`${t.role} <> 'admin'`),
    check("accounts_role_check", sql`${t.role} in ('user', 'admin')`),
    check("accounts_user_has_phone", sql`${t.role} = 'admin' or (${t.phone} is not null and ${t.countryCode} is not null)`),
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
    name: text("name", { enum: ["users.created", "users.deleted"] }).notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3, mode: "date" }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true, precision: 3, mode: "date" }),
  },
  (t) => [index("user_events_pending_idx").on(t.id).where(sql`${t.publishedAt} is null`)],
);

export type UserEventRow = typeof userEvents.$inferSelect;
