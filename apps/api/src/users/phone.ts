import { isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max";

const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

/** English short name of an ISO 3166-1 alpha-2 code (`LU` → `Luxembourg`), or undefined if unknown. */
export function countryNameOf(countryCode: string): string | undefined {
  try {
    return regionNames.of(countryCode);
  } catch {
    return undefined;
  }
}

/** Countries a user can register from: known to ISO 3166 and to the phone numbering plans. */
export function isRegistrableCountry(countryCode: string): boolean {
  return isSupportedCountry(countryCode) && countryNameOf(countryCode) !== undefined;
}

/**
 * The E.164 form of `input` if it is a valid number of `countryCode`: national (`691 234 567`)
 * or international (`+352 691 234 567`, `00352…`) input is accepted; null otherwise.
 */
export function toE164(input: string, countryCode: string): string | null {
  if (!isSupportedCountry(countryCode)) return null;
  const international = input.trim().replace(/^00/, "+");
  const parsed = parsePhoneNumberFromString(international, countryCode);
  if (!parsed || !parsed.isValid() || parsed.country !== countryCode) return null;
  return parsed.number;
}
