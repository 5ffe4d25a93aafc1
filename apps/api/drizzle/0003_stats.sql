-- Registered users per UTC day and country, and per country, kept by the database in the
-- transaction of every write to accounts (the API, the seed command or an operator's bulk SQL
-- import alike), so GET /users/stats reads a bounded number of rows whatever the number of users.
CREATE TABLE "user_counts_daily" (
	"day" date NOT NULL,
	"country_code" text NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "user_counts_daily_pkey" PRIMARY KEY ("day", "country_code")
);
--> statement-breakpoint
CREATE TABLE "user_counts_country" (
	"country_code" text PRIMARY KEY NOT NULL,
	"count" bigint NOT NULL
);
--> statement-breakpoint
-- Statement-level with transition tables: a bulk INSERT of a million rows makes one grouped
-- upsert, not a million. Counter rows are touched in key order (daily, then country) so
-- concurrent writers wait for each other instead of deadlocking. An update that changes no
-- role, day or country (a password reset) nets to nothing and writes nothing.
CREATE FUNCTION "user_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		WITH d AS (
			SELECT (created_at AT TIME ZONE 'UTC')::date AS day, country_code, count(*) AS n
			FROM new_rows WHERE role = 'user' GROUP BY 1, 2
		), daily AS (
			INSERT INTO user_counts_daily AS c (day, country_code, count) SELECT day, country_code, n FROM d ORDER BY 1, 2
			ON CONFLICT (day, country_code) DO UPDATE SET count = c.count + excluded.count
		)
		INSERT INTO user_counts_country AS c (country_code, count) SELECT country_code, sum(n) FROM d GROUP BY 1 ORDER BY 1
		ON CONFLICT (country_code) DO UPDATE SET count = c.count + excluded.count;
	ELSIF TG_OP = 'DELETE' THEN
		WITH d AS (
			SELECT (created_at AT TIME ZONE 'UTC')::date AS day, country_code, -count(*) AS n
			FROM old_rows WHERE role = 'user' GROUP BY 1, 2
		), daily AS (
			INSERT INTO user_counts_daily AS c (day, country_code, count) SELECT day, country_code, n FROM d ORDER BY 1, 2
			ON CONFLICT (day, country_code) DO UPDATE SET count = c.count + excluded.count
		)
		INSERT INTO user_counts_country AS c (country_code, count) SELECT country_code, sum(n) FROM d GROUP BY 1 ORDER BY 1
		ON CONFLICT (country_code) DO UPDATE SET count = c.count + excluded.count;
	ELSE
		WITH d AS (
			SELECT day, country_code, sum(n) AS n FROM (
				SELECT (created_at AT TIME ZONE 'UTC')::date AS day, country_code, 1 AS n FROM new_rows WHERE role = 'user'
				UNION ALL
				SELECT (created_at AT TIME ZONE 'UTC')::date, country_code, -1 FROM old_rows WHERE role = 'user'
			) AS changes GROUP BY 1, 2 HAVING sum(n) <> 0
		), daily AS (
			INSERT INTO user_counts_daily AS c (day, country_code, count) SELECT day, country_code, n FROM d ORDER BY 1, 2
			ON CONFLICT (day, country_code) DO UPDATE SET count = c.count + excluded.count
		)
		INSERT INTO user_counts_country AS c (country_code, count)
		SELECT country_code, sum(n) FROM d GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1
		ON CONFLICT (country_code) DO UPDATE SET count = c.count + excluded.count;
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "user_counts_clear"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	TRUNCATE user_counts_daily, user_counts_country;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "accounts_count_insert" AFTER INSERT ON "accounts" REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "user_counts_apply"();
--> statement-breakpoint
CREATE TRIGGER "accounts_count_delete" AFTER DELETE ON "accounts" REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "user_counts_apply"();
--> statement-breakpoint
CREATE TRIGGER "accounts_count_update" AFTER UPDATE ON "accounts" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "user_counts_apply"();
--> statement-breakpoint
CREATE TRIGGER "accounts_count_truncate" AFTER TRUNCATE ON "accounts"
	FOR EACH STATEMENT EXECUTE FUNCTION "user_counts_clear"();
--> statement-breakpoint
-- Counters for the accounts that exist already. Creating the triggers took a lock on accounts
-- that keeps writers out until this transaction commits: no row is counted twice or missed.
INSERT INTO "user_counts_daily" ("day", "country_code", "count")
SELECT ("created_at" AT TIME ZONE 'UTC')::date, "country_code", count(*) FROM "accounts" WHERE "role" = 'user' GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO "user_counts_country" ("country_code", "count")
SELECT "country_code", sum("count") FROM "user_counts_daily" GROUP BY 1;
