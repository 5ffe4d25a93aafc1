/**
 * The search rules of the contract ("Search and filters"), as one function: the server applies it to
 * `q`, the database mirrors it in SQL for the stored search column, and the dashboard's live filter
 * applies it to arriving users. Every step is a fixed table, so the SQL form can repeat it exactly.
 */

// Combining marks: Latin diacritics once decomposed (NFD), Arabic tashkeel (harakat, shadda, sukun,
// the hamza/madda marks that NFD splits off أ إ آ), the superscript alef.
export const SEARCH_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed";

// One character in, one out (the SQL `translate` table): alef wasla → alef, teh marbuta → heh,
// alef maksura → yeh, Arabic-Indic and Persian digits → ASCII, letters NFD leaves whole → their base,
// and final sigma → sigma (JavaScript lowercases a word-final Σ to ς, PostgreSQL to σ).
export const SEARCH_FROM = "ٱةى٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹øłđħıς";
export const SEARCH_TO = "اهي01234567890123456789oldhiσ";

// Removed outright: tatweel (kashida), zero-width joiners and marks that only shape the text.
export const SEARCH_DROP = "\u0640\u200b-\u200f\u2060\ufeff";

// Expanded to two letters.
export const SEARCH_EXPAND: readonly (readonly [string, string])[] = [
  ["ß", "ss"],
  ["æ", "ae"],
  ["œ", "oe"],
  ["þ", "th"],
];

/** Longest normalised text kept for one field; longer input is cut (names are ≤ 100, emails ≤ 254). */
export const SEARCH_TEXT_MAX = 300;

const marks = new RegExp(`[${SEARCH_MARKS}${SEARCH_DROP}]`, "gu");
const table = new Map([...SEARCH_FROM].map((c, i) => [c, [...SEARCH_TO][i] ?? c]));
const singles = new RegExp(`[${SEARCH_FROM}]`, "gu");

/**
 * Folds text for "contains" search: lower case, Latin diacritics dropped, Arabic spelling variants
 * unified, tashkeel and tatweel dropped, Arabic-Indic and Persian digits as ASCII, white space folded.
 * Idempotent: `normalizeSearchText(normalizeSearchText(x)) === normalizeSearchText(x)`.
 */
export function normalizeSearchText(text: string): string {
  // A lone surrogate (possible in a JavaScript string, never in a database text) becomes U+FFFD.
  let folded = text.toWellFormed().normalize("NFD").toLowerCase().replace(marks, "");
  folded = folded.replace(singles, (c) => table.get(c) ?? c);
  for (const [from, to] of SEARCH_EXPAND) folded = folded.replaceAll(from, to);
  // Cut on code points (as SQL `left` does), never inside a surrogate pair; a cut may end on the
  // space between two words, which goes too, so the result is a fixed point.
  return Array.from(folded.replace(/\s+/gu, " ").trim()).slice(0, SEARCH_TEXT_MAX).join("").trimEnd();
}

/** True when `q` is only digits, spaces and `+ ( ) - .` (after digit folding): it is compared with phones on its digits. */
export function isPhoneQuery(normalizedQ: string): boolean {
  return /^[\d\s()+.-]+$/.test(normalizedQ) && /\d/.test(normalizedQ);
}

/** The digits of a phone-like query: `+352 691` → `352691`. */
export const phoneDigits = (normalizedQ: string): string => normalizedQ.replace(/\D/g, "");

/**
 * What a user's search matches against (the database stores the same text in `accounts.search_text`):
 * the folded name, the folded email and the phone's digits, one per line. A folded query never holds
 * a line break, so a match never spans two fields.
 */
export function searchDocument(user: { fullName: string; email: string; phone: string | null }): string {
  return `${normalizeSearchText(user.fullName)}\n${normalizeSearchText(user.email)}\n${(user.phone ?? "").replace(/\D/g, "")}`;
}

/** What `q` looks for in a search document: its folded text, or only its digits when it looks like a phone number. */
export function searchNeedle(q: string): string {
  const normalized = normalizeSearchText(q);
  return isPhoneQuery(normalized) ? phoneDigits(normalized) : normalized;
}
