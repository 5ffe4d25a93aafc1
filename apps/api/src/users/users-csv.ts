import type { PublicUser } from "@moien/contracts";

/** So spreadsheets read the file as UTF-8 (Arabic names intact). */
export const CSV_BOM = "\uFEFF";
export const USERS_CSV_COLUMNS = ["id", "fullName", "countryCode", "countryName", "phone", "email", "createdAt"] as const;

const NEEDS_QUOTES = /[",\r\n]/;
// A spreadsheet runs a cell beginning with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 field: quoted (inner quotes doubled) when it holds a comma, a quote, CR or LF. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
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
