import type { Suspension } from "@moien/contracts";
import type { SuspensionRow } from "../../database/schema";

/** The only way a stored suspension becomes wire data. */
export function toSuspension(row: SuspensionRow): Suspension {
  return {
    userId: row.userId,
    reason: row.reason,
    until: row.until?.toISOString() ?? null,
    at: row.at.toISOString(),
    by: { id: row.byId, email: row.byEmail },
  };
}
