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
