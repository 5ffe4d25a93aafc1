CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone DEFAULT clock_timestamp() NOT NULL,
	"action" text NOT NULL,
	"actor_id" uuid,
	"actor_email" text,
	"target_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"request_id" text,
	CONSTRAINT "audit_log_action_check" CHECK ("audit_log"."action" in ('user.deleted', 'user.erased', 'users.exported', 'admin.signed_in', 'admin.sign_in_failed', 'admin.created', 'admin.password_reset')),
	CONSTRAINT "audit_log_actor_check" CHECK (("audit_log"."actor_id" is null) = ("audit_log"."actor_email" is null))
);
--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
-- Append-only below the application too: an entry can be pruned (deleted) but never changed.
CREATE FUNCTION "audit_log_refuse_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_update"();
