-- Each node keeps the identity behind an operator's token in memory (auth/identity-cache.ts), so a
-- request no longer reads three tables before it starts. The database says when such an identity
-- changes: after every write that can end or change what a token may do, it notifies the channel
-- identity_changed with the operator's account id, delivered at commit to every listening node (the
-- writer's own connection included, before its commit returns). Registered users' rows and an
-- operator's activity (last_active_at, last sign-in, the last TOTP step) notify nothing: the trigger
-- conditions are checked before any function runs, so a user's delete pays nothing for this.
CREATE OR REPLACE FUNCTION "identity_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- TG_ARGV[0]: the column that holds the account id in this table.
	PERFORM pg_notify('identity_changed', to_jsonb(OLD) ->> TG_ARGV[0]);
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "accounts_identity_changed" AFTER UPDATE OF "role", "token_version", "kept_token_id" OR DELETE ON "accounts"
	FOR EACH ROW WHEN (OLD.role <> 'user') EXECUTE FUNCTION "identity_changed"('id');
--> statement-breakpoint
CREATE TRIGGER "operators_identity_changed" AFTER UPDATE OF "disabled_at", "totp_secret" OR DELETE ON "operators"
	FOR EACH ROW EXECUTE FUNCTION "identity_changed"('account_id');
--> statement-breakpoint
CREATE TRIGGER "operator_sessions_identity_changed" AFTER UPDATE OF "ended_at", "mfa_verified_at", "expires_at" OR DELETE ON "operator_sessions"
	FOR EACH ROW EXECUTE FUNCTION "identity_changed"('operator_id');
