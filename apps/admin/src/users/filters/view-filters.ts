import { CountUsersQuerySchema, CountryFilterSchema, isInstantInRange, SearchQuerySchema, type UsersFilters } from "@moien/contracts";

/** What the filters bar shows, as kept in the address: `?q=&country=&from=&to=` (dates `YYYY-MM-DD`, `to` inclusive). */
export type ViewFilters = { q: string; country: string[]; from: string; to: string };

/** The same filters as the API's query (`GET /users`, `/users/count`, `/users/export`). */
export type ViewQuery = { q?: string; country?: string; registeredFrom?: string; registeredTo?: string };

export const emptyFilters: ViewFilters = { q: "", country: [], from: "", to: "" };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// A day whose start and end are both in the API's range (`to` is sent as the next day's midnight).
const validDate = (value: string | null): string => {
  if (!value || !DATE.test(value)) return "";
  const date = new Date(`${value}T00:00:00.000Z`);
  const end = new Date(date.getTime() + 86_400_000);
  return isInstantInRange(date) && isInstantInRange(end) && date.toISOString().startsWith(value) ? value : "";
};

/** Reads the filters from a query string; a value the API would refuse is dropped, not sent. */
export function readViewFilters(search: string): ViewFilters {
  const params = new URLSearchParams(search);
  const q = SearchQuerySchema.safeParse(params.get("q") ?? "");
  const country = CountryFilterSchema.safeParse(params.get("country") ?? "");
  return {
    q: q.success ? q.data : "",
    country: country.success ? country.data : [],
    from: validDate(params.get("from")),
    to: validDate(params.get("to")),
  };
}

/** The query string of the filters (empty ones left out), keeping other parameters of `base`. */
export function writeViewFilters(filters: ViewFilters, base = ""): string {
  const params = new URLSearchParams(base);
  const set = (key: string, value: string) => (value ? params.set(key, value) : params.delete(key));
  set("q", filters.q.trim());
  set("country", filters.country.join(","));
  set("from", filters.from);
  set("to", filters.to);
  const qs = params.toString();
  return qs ? `?${qs}` : "";
}

const nextDay = (date: string): string => {
  const day = new Date(`${date}T00:00:00.000Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
};

/** True when both dates are set and the range is empty (the end day before the start day). */
export const isRangeInvalid = ({ from, to }: ViewFilters): boolean => from !== "" && to !== "" && to < from;

/** The API query of the filters: `to` is a whole day, so `registeredTo` (exclusive) is the day after. An empty range is left out. */
export function toViewQuery(filters: ViewFilters): ViewQuery {
  const query: ViewQuery = {};
  if (filters.q) query.q = filters.q;
  if (filters.country.length > 0) query.country = filters.country.join(",");
  if (!isRangeInvalid(filters)) {
    if (filters.from) query.registeredFrom = filters.from;
    if (filters.to) query.registeredTo = nextDay(filters.to);
  }
  return query;
}

/** The parsed filters of a query, for the shared live rule `userMatchesFilters`. */
export function filtersOfQuery(query: ViewQuery): Partial<UsersFilters> {
  const parsed = CountUsersQuerySchema.safeParse(query);
  return parsed.success ? parsed.data : {};
}

/** A stable identity of a query, whatever the order its keys were written in. */
export const viewKey = (query: ViewQuery): string =>
  JSON.stringify([query.q ?? "", query.country ?? "", query.registeredFrom ?? "", query.registeredTo ?? ""]);

export const hasFilters = (filters: ViewFilters): boolean =>
  filters.q !== "" || filters.country.length > 0 || filters.from !== "" || filters.to !== "";
