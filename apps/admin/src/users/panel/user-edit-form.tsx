import { type PublicUser, UPDATABLE_USER_FIELDS, type UpdatableUserField } from "@moien/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../../app/error-message";
import { useServices } from "../../app/services";
import { useI18n } from "../../i18n/i18n-context";
import { userQueryKey } from "../user-query";
import { changedProfile, problemsFromError, profileValuesOf, type ProfileProblems, validateProfile } from "./profile-form";

type Props = { user: PublicUser; onDone: () => void };

const LATIN_FIELDS: ReadonlySet<UpdatableUserField> = new Set(["countryCode", "phone", "email"]);
const INPUT_TYPES: Record<UpdatableUserField, string> = { fullName: "text", countryCode: "text", phone: "tel", email: "email" };
const AUTOCOMPLETE: Record<UpdatableUserField, string> = { fullName: "off", countryCode: "off", phone: "off", email: "off" };

/**
 * Corrects a user's profile: each field checked as it is typed with the contract's schemas, only the
 * changed fields sent, a 409 shown on the field it names. The row changes through `users.updated`.
 */
export function UserEditForm({ user, onDone }: Props) {
  const { api } = useServices();
  const client = useQueryClient();
  const { t } = useI18n();
  const [values, setValues] = useState(() => profileValuesOf(user));
  const [problems, setProblems] = useState<ProfileProblems>({});
  const [status, setStatus] = useState<string | null>(null);
  const labels: Record<UpdatableUserField, string> = {
    fullName: t.fieldFullName,
    countryCode: t.fieldCountryCode,
    phone: t.columnPhone,
    email: t.columnEmail,
  };

  const save = useMutation({
    mutationFn: (changes: Parameters<typeof api.updateUser>[1]) => api.updateUser(user.id, changes),
    onSuccess: (updated) => {
      client.setQueryData(userQueryKey(user.id), updated);
      onDone();
    },
    onError: (error) => {
      const fields = problemsFromError(error);
      if (fields) setProblems(fields);
      else setStatus(t.updateFailed(errorMessage(error, t)));
    },
  });

  const change = (field: UpdatableUserField, value: string) => {
    const next = { ...values, [field]: value };
    setValues(next);
    setStatus(null);
    // Inline: a field is judged once touched, and a server's "taken" clears when the value changes.
    setProblems((previous) => ({ ...previous, [field]: validateProfile(next)[field] }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const invalid = validateProfile(values);
    setProblems(invalid);
    if (Object.keys(invalid).length > 0) return;
    const changes = changedProfile(user, values);
    if (Object.keys(changes).length === 0) {
      setStatus(t.noChanges);
      return;
    }
    save.mutate(changes);
  };

  return (
    <form className="panel__form" onSubmit={submit} noValidate data-testid="edit-form" aria-labelledby="edit-form-title">
      <h3 id="edit-form-title" className="panel__subtitle">
        {t.editTitle}
      </h3>
      {UPDATABLE_USER_FIELDS.map((field) => {
        const problem = problems[field];
        const errorId = `edit-${field}-error`;
        return (
          <label key={field} className="field">
            <span className="field__label">{labels[field]}</span>
            <input
              name={field}
              type={INPUT_TYPES[field]}
              dir={LATIN_FIELDS.has(field) ? "ltr" : "auto"}
              autoComplete={AUTOCOMPLETE[field]}
              value={values[field]}
              maxLength={field === "countryCode" ? 2 : undefined}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? errorId : undefined}
              data-testid={`edit-${field}`}
              onChange={(event) => change(field, event.target.value)}
            />
            {problem && (
              <span id={errorId} className="field__error" data-testid={`edit-${field}-error`}>
                {problem === "taken" && (field === "email" || field === "phone") ? t.fieldTaken[field] : t.fieldInvalid[field]}
              </span>
            )}
          </label>
        );
      })}
      {status && (
        <p className="panel__status" role="status" data-testid="edit-status">
          {status}
        </p>
      )}
      <div className="panel__actions">
        <button type="button" className="button" onClick={onDone}>
          {t.cancel}
        </button>
        <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="edit-save">
          {save.isPending ? t.saving : t.saveChanges}
        </button>
      </div>
    </form>
  );
}
