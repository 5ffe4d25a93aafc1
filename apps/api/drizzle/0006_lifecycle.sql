-- A user's lifecycle: suspensions, the token kept by a password change, the new audit actions,
-- and erasure's outbox lookup widened to users.updated (whose payload is a whole profile too).
CREATE TABLE "suspensions" (
	"user_id" uuid PRIMARY KEY NOT NULL REFERENCES "accounts" ("id") ON DELETE CASCADE,
	"reason" text,
	"until" timestamp (3) with time zone,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"by_id" uuid NOT NULL,
	"by_email" text NOT NULL
);
--> statement-breakpoint
-- GET /users/suspensions, newest first with a keyset cursor.
CREATE INDEX "suspensions_at_idx" ON "suspensions" ("at" DESC, "user_id" DESC);
--> statement-breakpoint
-- The lapse sweep: suspensions whose end has come.
CREATE INDEX "suspensions_until_idx" ON "suspensions" ("until") WHERE "until" IS NOT NULL;
--> statement-breakpoint
-- The one token (its jti) that survives the last token-version bump: the one that changed the password.
ALTER TABLE "accounts" ADD COLUMN "kept_token_id" uuid;
--> statement-breakpoint
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_action_check";
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_action_check" CHECK ("audit_log"."action" in ('user.deleted', 'user.erased', 'users.exported', 'admin.signed_in', 'admin.sign_in_failed', 'admin.created', 'admin.password_reset', 'user.updated', 'user.suspended', 'user.reinstated', 'user.password_changed'));
--> statement-breakpoint
DROP INDEX IF EXISTS "user_events_created_user_idx";
--> statement-breakpoint
CREATE INDEX "user_events_profile_user_idx" ON "user_events" ((payload ->> 'id')) WHERE name IN ('users.created', 'users.updated');
