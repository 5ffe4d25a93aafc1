import { findInCauseChain } from "../common/error-chain";

/** The violated unique constraint's name, if `error` (or what it wraps) is a unique violation. */
export function uniqueViolationConstraint(error: unknown): string | undefined {
  return findInCauseChain(error, (e) => (e.code === "23505" ? (typeof e.constraint === "string" ? e.constraint : "") : undefined));
}
