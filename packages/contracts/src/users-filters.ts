import { z } from "zod";
import { codePointLength, foldWhitespace, safeString } from "./safe-text";
import { searchDocument, searchNeedle } from "./search-text";
import type { PublicUser } from "./users";

/** `q`: trimmed, 1–100 characters; matched as the contract's "Search and filters" says. */
export const SearchQuerySchema = safeString("q")
  .transform(foldWhitespace)
  .refine((v) => codePointLength(v) <= 100, { message: "q must be at most 100 characters" })
  .refine((v) => !/\p{Cc}/u.test(v) && v.isWellFormed(), { message: "q must not contain control or invalid characters" });

/**
 * `country`: one or more ISO 3166-1 alpha-2 codes, comma-separated, any case; sorted. An empty item
 * (`LU,,FR`, `LU,`) or a code given twice (`LU,lu`) is refused: it is a malformed list, not a filter.
 */
export const CountryFilterSchema = safeString("country")
  .max(300, { message: "country must list at most 100 codes" })
  .transform((v) => v.split(",").map((c) => c.trim().toUpperCase()))
  .refine((codes) => codes.every((c) => c.length > 0), { message: "country must not contain an empty item, as in LU,,FR", abort: true })
  .refine((codes) => new Set(codes).size === codes.length, { message: "country must not list a code twice", abort: true })
  .refine((codes) => codes.every((c) => /^[A-Z]{2}$/.test(c)), {
    message: "country must be ISO 3166-1 alpha-2 codes separated by commas, such as LU,FR",
  })
  .transform((codes) => codes.sort());

/**
 * The instants a date filter or a cursor may name: 1970-01-01T00:00:00Z up to the end of 9999 (UTC).
 * Nobody registered before 1970, and past 9999 (or before year 1) PostgreSQL's timestamptz refuses
 * the value (22008/22009): such a value is a bad request, never a query.
 */
export const INSTANT_RANGE = { min: Date.UTC(1970, 0, 1), max: Date.UTC(10000, 0, 1) - 1 } as const;
export const isInstantInRange = (date: Date): boolean => {
  const t = date.getTime();
  return t >= INSTANT_RANGE.min && t <= INSTANT_RANGE.max;
};

/** A date (`2026-02-01`, midnight UTC) or an ISO 8601 date-time with its offset, within INSTANT_RANGE. */
const instant = (field: string) =>
  safeString(field)
    .max(40, { message: `${field} must be a date (2026-02-01) or an ISO 8601 date-time` })
    .refine((v) => z.iso.date().safeParse(v).success || z.iso.datetime({ offset: true }).safeParse(v).success, {
      message: `${field} must be a date (2026-02-01) or an ISO 8601 date-time`,
      abort: true,
    })
    .transform((v) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00.000Z` : v))
    .refine((d) => !Number.isNaN(d.getTime()), { message: `${field} is not a valid date`, abort: true })
    .refine(isInstantInRange, { message: `${field} must be between 1970-01-01 and 9999-12-31T23:59:59.999Z (UTC)` });

export const UsersOrderSchema = z.enum(["newest", "oldest"], { error: "order must be newest or oldest" });
export type UsersOrder = z.infer<typeof UsersOrderSchema>;

/** The filters shared by list, count and export. All optional; they combine with AND. */
export const usersFilterShape = {
  q: SearchQuerySchema.optional(),
  country: CountryFilterSchema.optional(),
  registeredFrom: instant("registeredFrom").optional(),
  registeredTo: instant("registeredTo").optional(),
};

export const fromBeforeTo = (v: { registeredFrom?: Date; registeredTo?: Date }) =>
  !v.registeredFrom || !v.registeredTo || v.registeredFrom < v.registeredTo;
export const fromBeforeToIssue = { message: "registeredTo must be after registeredFrom", path: ["registeredTo"] };

/** Query of `GET /api/v1/users/count`. */
export const CountUsersQuerySchema = z.object(usersFilterShape).refine(fromBeforeTo, fromBeforeToIssue);
export type CountUsersQuery = z.input<typeof CountUsersQuerySchema>;
/** Parsed filters, as the server and the dashboard's live filter use them. */
export type UsersFilters = z.output<typeof CountUsersQuerySchema>;

/** Query of `GET /api/v1/users/export`. */
export const ExportUsersQuerySchema = z
  .object({ ...usersFilterShape, order: UsersOrderSchema.default("newest") })
  .refine(fromBeforeTo, fromBeforeToIssue);
export type ExportUsersQuery = z.input<typeof ExportUsersQuerySchema>;

/** Body of `POST /api/v1/users/export/links`: where the browser downloads the export, for how long. */
export const ExportLinkSchema = z.strictObject({
  href: z.string().startsWith("/api/v1/users/export/download?link="),
  expiresIn: z.number().int().positive(),
});
export type ExportLink = z.infer<typeof ExportLinkSchema>;

/** Query of `GET /api/v1/users/export/download`: the signed link, nothing else. */
export const ExportDownloadQuerySchema = z.strictObject({
  link: z
    .string()
    .min(1)
    .max(4096)
    .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, "must be a download link"),
});

/** Body of `GET /api/v1/users/count`. */
export const UsersCountSchema = z.strictObject({ total: z.number().int().nonnegative() });
export type UsersCount = z.infer<typeof UsersCountSchema>;

/**
 * Whether a user matches the filters, by the same rules as the server's search: the dashboard
 * uses it to decide whether a live `users.created` belongs in the current view.
 */
export function userMatchesFilters(user: PublicUser, filters: Partial<UsersFilters>): boolean {
  if (filters.country && filters.country.length > 0 && !filters.country.includes(user.countryCode)) return false;
  const at = Date.parse(user.createdAt);
  if (filters.registeredFrom && at < filters.registeredFrom.getTime()) return false;
  if (filters.registeredTo && at >= filters.registeredTo.getTime()) return false;
  const needle = filters.q ? searchNeedle(filters.q) : "";
  return needle.length === 0 || searchDocument(user).includes(needle);
}
