-- Every registration and deletion of one country updated the same counter rows, so concurrent
-- transactions queued on those rows' locks, each until the previous one committed: under load most
-- deletes on PostgreSQL waited on Lock:transactionid (bench/HISTORY.md, issue 21). Each counter is
-- now 16 rows (stripes); a transaction writes the stripe of its connection (pg_backend_pid() % 16),
-- so a pool's connections mostly touch different rows, and readers sum the stripes. A bulk write is
-- still one grouped upsert; rows are still touched in key order (daily, then country).
ALTER TABLE "user_counts_daily" ADD COLUMN "stripe" smallint DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "user_counts_daily" DROP CONSTRAINT "user_counts_daily_pkey";
--> statement-breakpoint
ALTER TABLE "user_counts_daily" ADD CONSTRAINT "user_counts_daily_pkey" PRIMARY KEY ("day", "country_code", "stripe");
--> statement-breakpoint
ALTER TABLE "user_counts_country" ADD COLUMN "stripe" smallint DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "user_counts_country" DROP CONSTRAINT "user_counts_country_pkey";
--> statement-breakpoint
ALTER TABLE "user_counts_country" ADD CONSTRAINT "user_counts_country_pkey" PRIMARY KEY ("country_code", "stripe");
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "user_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	my_stripe smallint := pg_backend_pid() % 16;
BEGIN
	IF TG_OP = 'INSERT' THEN
		WITH d AS (
			SELECT (created_at AT TIME ZONE 'UTC')::date AS day, country_code, count(*) AS n
			FROM new_rows WHERE role = 'user' GROUP BY 1, 2
		), daily AS (
			INSERT INTO public.user_counts_daily AS c (day, country_code, stripe, count) SELECT day, country_code, my_stripe, n FROM d ORDER BY 1, 2
			ON CONFLICT (day, country_code, stripe) DO UPDATE SET count = c.count + excluded.count
		)
		INSERT INTO public.user_counts_country AS c (country_code, stripe, count) SELECT country_code, my_stripe, sum(n) FROM d GROUP BY 1 ORDER BY 1
		ON CONFLICT (country_code, stripe) DO UPDATE SET count = c.count + excluded.count;
	ELSIF TG_OP = 'DELETE' THEN
		WITH d AS (
			SELECT (created_at AT TIME ZONE 'UTC')::date AS day, country_code, -count(*) AS n
			FROM old_rows WHERE role = 'user' GROUP BY 1, 2
		), daily AS (
			INSERT INTO public.user_counts_daily AS c (day, country_code, stripe, count) SELECT day, country_code, my_stripe, n FROM d ORDER BY 1, 2
			ON CONFLICT (day, country_code, stripe) DO UPDATE SET count = c.count + excluded.count
		)
		INSERT INTO public.user_counts_country AS c (country_code, stripe, count) SELECT country_code, my_stripe, sum(n) FROM d GROUP BY 1 ORDER BY 1
		ON CONFLICT (country_code, stripe) DO UPDATE SET count = c.count + excluded.count;
	ELSE
		WITH d AS (
			SELECT day, country_code, sum(n) AS n FROM (
				SELECT (created_at AT TIME ZONE 'UTC')::date AS day, country_code, 1 AS n FROM new_rows WHERE role = 'user'
				UNION ALL
				SELECT (created_at AT TIME ZONE 'UTC')::date, country_code, -1 FROM old_rows WHERE role = 'user'
			) AS changes GROUP BY 1, 2 HAVING sum(n) <> 0
		), daily AS (
			INSERT INTO public.user_counts_daily AS c (day, country_code, stripe, count) SELECT day, country_code, my_stripe, n FROM d ORDER BY 1, 2
			ON CONFLICT (day, country_code, stripe) DO UPDATE SET count = c.count + excluded.count
		)
		INSERT INTO public.user_counts_country AS c (country_code, stripe, count)
		SELECT country_code, my_stripe, sum(n) FROM d GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1
		ON CONFLICT (country_code, stripe) DO UPDATE SET count = c.count + excluded.count;
	END IF;
	RETURN NULL;
END
$$;
