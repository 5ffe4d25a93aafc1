type PgErrorLike = { code?: unknown; constraint?: unknown; cause?: unknown };

/** The violated unique constraint's name, if `error` (or what it wraps) is a unique violation. */
export function uniqueViolationConstraint(error: unknown): string | undefined {
  for (let e = error as PgErrorLike | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.code === "23505") return typeof e.constraint === "string" ? e.constraint : "";
    e = e.cause as PgErrorLike | undefined;
  }
  return undefined;
}
