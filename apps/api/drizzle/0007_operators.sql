-- Operators: three roles, a second factor (TOTP and recovery codes), server-side sessions and the
-- challenges of a two-step sign-in. Every admin that exists stays admin.
ALTER TABLE "accounts" DROP CONSTRAINT "accounts_role_check";
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_role_check" CHECK ("accounts"."role" in ('user', 'viewer', 'support', 'admin'));
--> statement-breakpoint
ALTER TABLE "accounts" DROP CONSTRAINT "accounts_user_has_phone";
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_has_phone" CHECK ("accounts"."role" <> 'user' or ("accounts"."phone" is not null and "accounts"."country_code" is not null));
--> statement-breakpoint
-- What only operators have lives beside their account, not in a million users' rows: wider rows made
-- the embedded store (no statistics) estimate its index walks worse.
CREATE TABLE "operators" (
	"account_id" uuid PRIMARY KEY NOT NULL REFERENCES "accounts" ("id") ON DELETE CASCADE,
	"disabled_at" timestamp (3) with time zone,
	-- A one-time password (an operator created by an admin, or the generated first admin) is changed at first sign-in.
	"password_change_required" boolean DEFAULT false NOT NULL,
	"totp_secret" text,
	-- The last TOTP time step accepted: a code of that step or an earlier one is refused (no replay).
	"totp_last_step" bigint,
	"last_sign_in_at" timestamp (3) with time zone
);
--> statement-breakpoint
INSERT INTO "operators" ("account_id") SELECT "id" FROM "accounts" WHERE "role" <> 'user';
--> statement-breakpoint
CREATE TABLE "operator_recovery_codes" (
	"operator_id" uuid NOT NULL REFERENCES "accounts" ("id") ON DELETE CASCADE,
	"code_hash" text NOT NULL,
	CONSTRAINT "operator_recovery_codes_pkey" PRIMARY KEY ("operator_id", "code_hash")
);
--> statement-breakpoint
CREATE TABLE "operator_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL REFERENCES "accounts" ("id") ON DELETE CASCADE,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_active_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"mfa_verified_at" timestamp (3) with time zone,
	"address" text,
	"user_agent" text,
	"ended_at" timestamp (3) with time zone,
	"ended_reason" text
);
--> statement-breakpoint
CREATE INDEX "operator_sessions_open_idx" ON "operator_sessions" ("operator_id") WHERE "ended_at" IS NULL;
--> statement-breakpoint
CREATE TABLE "mfa_challenges" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"operator_id" uuid NOT NULL REFERENCES "accounts" ("id") ON DELETE CASCADE,
	"kind" text NOT NULL CHECK ("kind" in ('verify', 'enroll')),
	"pending_secret" text,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"used_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_action_check";
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_action_check" CHECK ("audit_log"."action" in ('user.deleted', 'user.erased', 'users.exported', 'admin.signed_in', 'admin.sign_in_failed', 'admin.created', 'admin.password_reset', 'user.updated', 'user.suspended', 'user.reinstated', 'user.password_changed', 'operator.created', 'operator.role_changed', 'operator.disabled', 'operator.enabled', 'operator.mfa_enrolled', 'operator.mfa_reset', 'operator.sessions_ended'));
