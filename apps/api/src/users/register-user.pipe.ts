import { Injectable, type PipeTransform } from "@nestjs/common";
import { CountryCodeSchema, type FieldError, RegisterUserRequestSchema } from "@moien/contracts";
import type { z } from "zod";
import { ValidationError } from "../common/app-errors";
import { toFieldErrors } from "../common/zod-validation.pipe";
import { isRegistrableCountry, toE164 } from "./phone";

export type RegisterUserCommand = z.output<typeof RegisterUserRequestSchema>;

/**
 * The contract's schema plus what needs the numbering plans: a known country and a phone valid
 * for it, stored as E.164. Every invalid field is reported in one answer.
 */
@Injectable()
export class RegisterUserPipe implements PipeTransform<unknown, RegisterUserCommand> {
  transform(body: unknown): RegisterUserCommand {
    // As in ZodValidationPipe: a JSON `null` is "not an object", only a missing body reads as empty.
    const parsed = RegisterUserRequestSchema.safeParse(body === undefined ? {} : body);
    const errors = parsed.success ? [] : toFieldErrors(parsed.error.issues);
    const raw = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    const country = CountryCodeSchema.safeParse(raw.countryCode);
    const has = (field: string) => errors.some((e) => e.field === field);

    const extra: FieldError[] = [];
    let phone: string | null = null;
    if (country.success && !has("countryCode")) {
      if (!isRegistrableCountry(country.data)) {
        extra.push({ field: "countryCode", message: "countryCode is not a known country" });
      } else if (typeof raw.phone === "string" && !has("phone")) {
        phone = toE164(raw.phone, country.data);
        if (!phone) extra.push({ field: "phone", message: `phone must be a valid phone number of ${country.data}` });
      }
    }
    if (!parsed.success || extra.length > 0) throw new ValidationError([...errors, ...extra]);
    if (phone === null) throw new ValidationError([{ field: "phone", message: "phone is required" }]);
    return { ...parsed.data, phone };
  }
}
