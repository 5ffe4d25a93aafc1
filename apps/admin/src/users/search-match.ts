import { foldWhitespace, type PublicUser } from "@moien/contracts";

/** The `q` sent to the server: white space folded, empty means no search. */
export const normalizeSearch = (input: string): string => foldWhitespace(input);

const PHONE_LIKE = /^[\d\s()+.-]+$/;

/**
 * Same rule as `GET /users?q=`: name or email contain q case-insensitively; a q that looks like a
 * phone number ("+352 691", "(691) 23") is compared with the phone on its digits.
 */
export function matchesSearch(user: PublicUser, search: string): boolean {
  const q = normalizeSearch(search);
  if (q === "") return true;
  const needle = q.toLowerCase();
  if (user.fullName.toLowerCase().includes(needle) || user.email.toLowerCase().includes(needle)) return true;
  const digits = PHONE_LIKE.test(q) ? q.replace(/\D/g, "") : "";
  return digits.length > 0 && user.phone.includes(digits);
}
