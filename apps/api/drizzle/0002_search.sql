-- Search, filters and list order at scale (issue 11). Hand-written: drizzle-kit cannot express the
-- function, the generated column or the trigram index. Every CREATE INDEX says IF NOT EXISTS so an
-- operator can build the indexes CONCURRENTLY beforehand on a large database (docs/operations.md).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- lower() follows the database's character type: with a non-UTF-8 one (LC_CTYPE=C) it only folds
-- ASCII and search would silently miss Müller; refuse to migrate such a database instead.
DO $$
BEGIN
  IF lower('ÄÉΣ') <> 'äéσ' THEN
    RAISE EXCEPTION 'the database character type (LC_CTYPE %) does not lowercase Unicode; create it with a UTF-8 locale such as C.UTF-8', current_setting('lc_ctype', true);
  END IF;
END $$;
--> statement-breakpoint
-- The SQL twin of normalizeSearchText (packages/contracts/src/search-text.ts), step by step with the
-- same tables: NFD, lower case, marks and SEARCH_DROP removed, SEARCH_FROM → SEARCH_TO, SEARCH_EXPAND,
-- white space (JavaScript's \s) folded, trimmed, cut to 300 code points. A test compares both on both stores.
CREATE OR REPLACE FUNCTION moien_search_fold(input text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT rtrim(left(btrim(regexp_replace(
    replace(replace(replace(replace(
      translate(
        regexp_replace(lower(normalize(input, NFD)),
          '[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0640\u200b-\u200f\u2060\ufeff]', '', 'g'),
        'ٱةى٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹øłđħıς', 'اهي01234567890123456789oldhiσ'),
      'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'þ', 'th'),
    '[\u0009-\u000d\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g'), ' '), 300), ' ')
$$;
--> statement-breakpoint
-- The twin of searchDocument: folded name, folded email, phone digits, one per line.
CREATE OR REPLACE FUNCTION moien_search_document(full_name text, email text, phone text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT coalesce(moien_search_fold(full_name), '') || E'\n' || coalesce(moien_search_fold(email), '') || E'\n'
    || coalesce(regexp_replace(phone, '[^0-9]', '', 'g'), '')
$$;
--> statement-breakpoint
-- Kept right by the database for rows written by any path (the API, the seed, an operator's bulk SQL);
-- adding it fills the existing rows.
ALTER TABLE "accounts" ADD COLUMN IF NOT EXISTS "search_text" text
  GENERATED ALWAYS AS (moien_search_document("full_name", "email", "phone")) STORED NOT NULL;
--> statement-breakpoint
-- "contains" search: LIKE '%needle%' served by trigrams. Its predicate says role <> 'admin' (the same
-- rows: role is user or admin) so that a query written that way can use this index and none of the
-- role = 'user' btree indexes, whatever the planner guesses (see users-list-query.ts).
CREATE INDEX IF NOT EXISTS "accounts_users_search_idx" ON "accounts" USING gin ("search_text" gin_trgm_ops)
  WHERE "role" <> 'admin';
--> statement-breakpoint
-- The list order is created_at DESC, id DESC (NULLS FIRST, the default of DESC); the old index said
-- NULLS LAST and could not serve it. A backward scan serves order=oldest.
DROP INDEX IF EXISTS "accounts_users_newest_idx";
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "accounts_users_created_idx" ON "accounts" USING btree ("created_at" DESC, "id" DESC)
  WHERE "role" = 'user';
--> statement-breakpoint
-- Country filter (with the date range and the order): one ordered range per country.
CREATE INDEX IF NOT EXISTS "accounts_users_country_created_idx" ON "accounts" USING btree ("country_code", "created_at" DESC, "id" DESC)
  WHERE "role" = 'user';
