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
