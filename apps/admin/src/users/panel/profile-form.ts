import {
  CountryCodeSchema,
  EmailSchema,
  FullNameSchema,
  PhoneInputSchema,
  type PublicUser,
  UPDATABLE_USER_FIELDS,
  type UpdatableUserField,
  type UpdateUserRequest,
} from "@moien/contracts";
import { UsersApiError } from "@moien/contracts/client";

export type ProfileValues = Record<UpdatableUserField, string>;
/** Why a field is refused: it does not fit the schema, or (409) another account has it. */
export type FieldProblem = "invalid" | "taken";
export type ProfileProblems = Partial<Record<UpdatableUserField, FieldProblem>>;

// The contract's schemas, the same the server validates with (the phone's numbering plan is the server's).
const schemas = { fullName: FullNameSchema, countryCode: CountryCodeSchema, phone: PhoneInputSchema, email: EmailSchema };

export const profileValuesOf = (user: PublicUser): ProfileValues => ({
  fullName: user.fullName,
  countryCode: user.countryCode,
  phone: user.phone,
  email: user.email,
});

export function validateProfile(values: ProfileValues): ProfileProblems {
  const problems: ProfileProblems = {};
  for (const field of UPDATABLE_USER_FIELDS) if (!schemas[field].safeParse(values[field]).success) problems[field] = "invalid";
  return problems;
}

/** Only the fields the operator changed (an empty object: nothing to send). */
export function changedProfile(user: PublicUser, values: ProfileValues): UpdateUserRequest {
  const before = profileValuesOf(user);
  const changes: UpdateUserRequest = {};
  for (const field of UPDATABLE_USER_FIELDS) if (values[field].trim() !== before[field]) changes[field] = values[field];
  return changes;
}

/** The fields a refused update names (400 or 409), for marking them in the form. */
export function problemsFromError(error: unknown): ProfileProblems | null {
  if (!(error instanceof UsersApiError) || (error.status !== 400 && error.status !== 409)) return null;
  const problems: ProfileProblems = {};
  for (const { field } of error.problem.errors ?? []) {
    if ((UPDATABLE_USER_FIELDS as readonly string[]).includes(field)) {
      problems[field as UpdatableUserField] = error.status === 409 ? "taken" : "invalid";
    }
  }
  return Object.keys(problems).length > 0 ? problems : null;
}
