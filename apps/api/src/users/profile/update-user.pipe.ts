import { Injectable, type PipeTransform } from "@nestjs/common";
import { type FieldError, UpdateUserRequestSchema } from "@moien/contracts";
import type { z } from "zod";
import { ValidationError } from "../../common/app-errors";
import { toFieldErrors } from "../../common/zod-validation.pipe";
import { isRegistrableCountry } from "../phone";

export type UpdateUserCommand = z.output<typeof UpdateUserRequestSchema>;

/**
 * The contract's schema plus a known country. Whether the phone fits the country needs the user's
 * current country when the body has none: the service checks it (`resolveProfileChanges`).
 */
@Injectable()
export class UpdateUserPipe implements PipeTransform<unknown, UpdateUserCommand> {
  transform(body: unknown): UpdateUserCommand {
    const parsed = UpdateUserRequestSchema.safeParse(body ?? {});
    const errors: FieldError[] = parsed.success ? [] : toFieldErrors(parsed.error.issues);
    const country = parsed.success ? parsed.data.countryCode : undefined;
    if (country !== undefined && !isRegistrableCountry(country)) {
      errors.push({ field: "countryCode", message: "countryCode is not a known country" });
    }
    if (!parsed.success || errors.length > 0) throw new ValidationError(errors);
    return parsed.data;
  }
}
