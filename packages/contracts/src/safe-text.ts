import { z } from "zod";

/** No NUL and no lone surrogate: PostgreSQL refuses both in text, so neither may reach the store. */
export const isSafeText = (value: string): boolean => !value.includes("\u0000") && value.isWellFormed();

/** A string field refused, with its name, when it holds a NUL or a lone surrogate. */
export const safeString = (field: string, error: string = `${field} must be a string`) =>
  z.string({ error }).refine(isSafeText, { message: `${field} must not contain NUL or invalid characters`, abort: true });
