import { UPDATABLE_USER_FIELDS, type UpdatableUserField } from "@moien/contracts";
import { ValidationError } from "../../common/app-errors";
import { toE164 } from "../phone";
import type { UserRow } from "../user.mapper";
import type { UpdateUserCommand } from "./update-user.pipe";
import type { ProfileChanges } from "./user-profile.repository";

export type ResolvedChanges = { changes: ProfileChanges; fields: UpdatableUserField[] };

/**
 * What an update really changes, as stored values: the phone in E.164, checked against the new
 * country or the current one (a country change alone re-checks the current phone). Fields equal to
 * the stored ones are left out, so an update that changes nothing has no fields (and no event).
 * @throws ValidationError (field phone) when the phone is not a valid number of the country.
 */
export function resolveProfileChanges(current: UserRow, update: UpdateUserCommand): ResolvedChanges {
  const countryCode = update.countryCode ?? current.countryCode ?? "";
  const phoneInput = update.phone ?? (update.countryCode !== undefined ? (current.phone ?? undefined) : undefined);
  let phone: string | undefined;
  if (phoneInput !== undefined) {
    const e164 = toE164(phoneInput, countryCode);
    if (e164 === null) {
      const message =
        update.phone === undefined
          ? `the current phone is not a valid number of ${countryCode}: send a phone of ${countryCode} with the country`
          : `phone must be a valid phone number of ${countryCode}`;
      throw new ValidationError([{ field: "phone", message }]);
    }
    phone = e164;
  }
  const next: ProfileChanges = { fullName: update.fullName, countryCode: update.countryCode, phone, email: update.email };
  const changes: ProfileChanges = {};
  const fields: UpdatableUserField[] = [];
  for (const field of UPDATABLE_USER_FIELDS) {
    const value = next[field];
    if (value === undefined || value === current[field]) continue;
    changes[field] = value;
    fields.push(field);
  }
  return { changes, fields };
}
