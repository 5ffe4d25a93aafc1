import { z } from "zod";

/** No NUL and no lone surrogate: PostgreSQL refuses both in text, so neither may reach the store. */
export const isSafeText = (value: string): boolean => !value.includes("\u0000") && value.isWellFormed();

/** A string field refused, with its name, when it holds a NUL or a lone surrogate. */
export const safeString = (field: string, error: string = `${field} must be a string`) =>
  z.string({ error }).refine(isSafeText, { message: `${field} must not contain NUL or invalid characters`, abort: true });

/** Collapses every run of white space to one space and trims the ends. */
export const foldWhitespace = (value: string): string => value.trim().replace(/\s+/gu, " ");

/** Length as people count it: code points, not UTF-16 units. */
export const codePointLength = (value: string): number => [...value].length;

/**
 * Invisible format characters (Unicode category Cf): bidirectional overrides, embeddings and isolates
 * (U+202A–U+202E, U+2066–U+2069), marks (U+200E, U+200F, U+061C), zero width space and joiner (U+200B,
 * U+200D), word joiner (U+2060), BOM (U+FEFF), soft hyphen, tags… They let a name read differently from
 * what it holds (`U+202E` turns `Ali\u202Egnp.exe` around) and have no place in a name. Kept: U+200C ZERO
 * WIDTH NON-JOINER, which Persian (and other scripts) need to spell names correctly (`نیک‌نام`).
 */
export const hasInvisibleFormatCharacter = (value: string): boolean => /(?!\u200C)\p{Cf}/u.test(value);
