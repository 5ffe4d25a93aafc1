import type { PipeTransform } from "@nestjs/common";
import type { FieldError } from "@moien/contracts";
import type { z } from "zod";
import { ValidationError } from "./app-errors";

/** One entry per invalid field (its first message), so a client can mark every field at once. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[], fallbackField = "body"): FieldError[] {
  const byField = new Map<string, string>();
  for (const issue of issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join(".") : fallbackField;
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    // No body at all reads as an empty one (each field "is required"); a JSON `null` is a body that is
    // not an object, and the schema says so.
    const result = this.schema.safeParse(value === undefined ? {} : value);
    if (!result.success) throw new ValidationError(toFieldErrors(result.error.issues));
    return result.data;
  }
}
