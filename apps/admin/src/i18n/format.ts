import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import type { Language } from "./messages";

// "ar" is pinned to Arabic-Indic digits: some runtimes default Arabic locales to Latin digits.
const intlLocale: Record<Language, string> = { en: "en", ar: "ar-u-nu-arab" };

export type Formatters = {
  number(value: number): string;
  dateTime(iso: string): string;
  /** A UTC calendar day (`2026-12-01`) as people write it: `Dec 1`, or with the weekday and year when `long`. */
  day(date: string, long?: boolean): string;
  /** The country in the viewer's language; the server's English name when the runtime lacks one. */
  country(code: string, englishName: string): string;
};

export function createFormatters(language: Language): Formatters {
  const numbers = new Intl.NumberFormat(intlLocale[language]);
  const dates = new Intl.DateTimeFormat(intlLocale[language], { dateStyle: "medium", timeStyle: "short" });
  const shortDays = new Intl.DateTimeFormat(intlLocale[language], { month: "short", day: "numeric", timeZone: "UTC" });
  const longDays = new Intl.DateTimeFormat(intlLocale[language], { dateStyle: "full", timeZone: "UTC" });
  const regions = language === "en" ? null : new Intl.DisplayNames([intlLocale[language]], { type: "region", fallback: "none" });
  return {
    number: (value) => numbers.format(value),
    dateTime: (iso) => dates.format(new Date(iso)),
    day: (date, long = false) => (long ? longDays : shortDays).format(new Date(`${date}T00:00:00.000Z`)),
    country: (code, englishName) => {
      try {
        return regions?.of(code) ?? englishName;
      } catch {
        return englishName;
      }
    },
  };
}

const REGIONAL_INDICATOR_A = 0x1f1e6;

/** "LU" → 🇱🇺 (two regional indicator symbols); anything else → "". */
export function flagEmoji(countryCode: string): string {
  if (!/^[A-Z]{2}$/.test(countryCode)) return "";
  return String.fromCodePoint(...[...countryCode].map((letter) => REGIONAL_INDICATOR_A + letter.charCodeAt(0) - 65));
}

/** Wraps text in first-strong isolates so a Latin email inside an Arabic sentence keeps its order. */
export const isolate = (text: string): string => `\u2068${text}\u2069`;

/**
 * An E.164 number grouped for people (`+352691234567` → `+352 691 234 567`), the raw value when the
 * metadata does not know it. Latin digits in every language: a phone is dialled, not read.
 */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
