import type { Operator } from "@moien/contracts";
import type { OperatorRow } from "./operators.repository";

export function toOperator(row: OperatorRow): Operator {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    disabled: row.disabledAt !== null,
    factors: { totp: row.hasTotp, recoveryCodesLeft: Number(row.recoveryCodesLeft) },
    passwordChangeRequired: row.passwordChangeRequired,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    activeSessions: Number(row.activeSessions),
    createdAt: row.createdAt.toISOString(),
  };
}
