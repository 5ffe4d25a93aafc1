import type { PublicUser } from "@moien/contracts";

/** So spreadsheets read the file as UTF-8 (Arabic names intact). */
export const CSV_BOM = "\uFEFF";
export const USERS_CSV_COLUMNS = ["id", "fullName", "countryCode", "countryName", "phone", "email", "createdAt"] as const;

// A spreadsheet runs a cell beginning with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field, always quoted (inner quotes doubled). Quoting only fields with a comma let a
 * spreadsheet whose list separator is `;` split `Ab;=cmd|…` into a cell starting with `=`: quoted,
 * every separator a value holds is inside quotes, whichever separator the reader uses.
 */
export function csvField(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/** A text a person typed, made inert for spreadsheets: `'` before a leading `= + - @`, tab or CR. */
export function inertText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV record, CRLF-terminated. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

export const usersCsvHeader = (): string => csvLine(USERS_CSV_COLUMNS);

/** One user's record. Phones stay E.164 as they are (their `+` is the number's, not a formula). */
export function usersCsvRow(user: PublicUser): string {
  return csvLine([
    user.id,
    inertText(user.fullName),
    user.countryCode,
    user.countryName,
    user.phone,
    inertText(user.email),
    user.createdAt,
  ]);
}
