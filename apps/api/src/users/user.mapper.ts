import type { PublicUser } from "@moien/contracts";
import type { AccountRow } from "../database/schema";
import { countryNameOf } from "./phone";

export type UserRow = Pick<AccountRow, "id" | "fullName" | "countryCode" | "phone" | "email" | "createdAt">;

/** The only way a stored user becomes wire data: exactly the seven public keys. */
export function toPublicUser(row: UserRow): PublicUser {
  const countryCode = row.countryCode ?? "";
  return {
    id: row.id,
    fullName: row.fullName,
    countryCode,
    countryName: publicCountryName(countryCode),
    phone: row.phone ?? "",
    email: row.email,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The country's English name as `PublicUser` carries it; the code itself when the name is unknown. */
export function publicCountryName(countryCode: string): string {
  return countryNameOf(countryCode) ?? countryCode;
}
