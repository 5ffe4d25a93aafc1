type Chained = { cause?: unknown };

/** The first error in `error`'s cause chain (drivers and Drizzle wrap each other) that `match` accepts. */
export function findInCauseChain<T>(error: unknown, match: (candidate: Record<string, unknown>) => T | undefined): T | undefined {
  let current = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const found = match(current as Record<string, unknown>);
    if (found !== undefined) return found;
    current = (current as Chained).cause;
  }
  return undefined;
}

// Codes and constraint names are identifiers chosen by drivers and by our schema; anything else
// (messages, Drizzle's "Failed query: … params: …", stacks' first lines) can hold personal data.
const IDENTIFIER = /^[A-Za-z0-9_.-]{1,63}$/;

/**
 * What may be logged about an unexpected error: each error's class, code and constraint along the
 * cause chain (`DrizzleQueryError <- DatabaseError code=23505 constraint=accounts_email_key`).
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    if (typeof current !== "object") {
      parts.push(typeof current);
      break;
    }
    const e = current as Record<string, unknown>;
    const name = typeof e.constructor === "function" && IDENTIFIER.test(e.constructor.name) ? e.constructor.name : "Object";
    const fields = (["code", "constraint", "table", "column"] as const)
      .filter((key) => typeof e[key] === "string" && IDENTIFIER.test(e[key]))
      .map((key) => `${key}=${e[key] as string}`);
    parts.push([name, ...fields].join(" "));
    current = (current as Chained).cause;
  }
  return parts.join(" <- ");
}
