-- pg_restore loads rows with an empty search_path, and the generated search column calls this function,
-- which called moien_search_fold unqualified: a restore of a pg_dump failed on the first user. The same
-- function, its call qualified (a SQL function, still inlined).
CREATE OR REPLACE FUNCTION moien_search_document(full_name text, email text, phone text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT coalesce(public.moien_search_fold(full_name), '') || E'\n' || coalesce(public.moien_search_fold(email), '') || E'\n'
    || coalesce(regexp_replace(phone, '[^0-9]', '', 'g'), '')
$$;
--> statement-breakpoint
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_action_check";
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_action_check" CHECK ("audit_log"."action" in ('user.deleted', 'user.erased', 'users.exported', 'admin.signed_in', 'admin.sign_in_failed', 'admin.created', 'admin.password_reset', 'user.updated', 'user.suspended', 'user.reinstated', 'user.password_changed', 'operator.created', 'operator.role_changed', 'operator.disabled', 'operator.enabled', 'operator.mfa_enrolled', 'operator.mfa_reset', 'operator.sessions_ended', 'backup.downloaded'));
