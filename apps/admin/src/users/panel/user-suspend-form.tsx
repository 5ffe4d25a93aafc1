import type { PublicUser } from "@moien/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../../app/error-message";
import { useServices } from "../../app/services";
import { useI18n } from "../../i18n/i18n-context";
import { type SuspendedUsers, suspendedUsersQueryKey } from "../suspensions/suspended-users";

type Props = { user: PublicUser; onDone: () => void };

/** `datetime-local` is the operator's local time without a zone; the API wants an instant. */
const instantOf = (local: string): string | null => (local ? new Date(local).toISOString() : null);

/** Suspends a user with an optional reason (operators only see it) and an optional end. */
export function UserSuspendForm({ user, onDone }: Props) {
  const { api } = useServices();
  const client = useQueryClient();
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  const [failure, setFailure] = useState<string | null>(null);

  const suspend = useMutation({
    mutationFn: () => api.suspendUser(user.id, { reason: reason.trim() || null, until: instantOf(until) }),
    onSuccess: (suspension) => {
      client.setQueryData<SuspendedUsers>(suspendedUsersQueryKey, (data) => new Map(data).set(user.id, suspension));
      onDone();
    },
    onError: (error) => setFailure(t.suspendFailed(errorMessage(error, t))),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    suspend.mutate();
  };

  return (
    <form className="panel__form" onSubmit={submit} data-testid="suspend-form" aria-labelledby="suspend-form-title">
      <h3 id="suspend-form-title" className="panel__subtitle">
        {t.suspendTitle}
      </h3>
      <label className="field">
        <span className="field__label">{t.suspendReason}</span>
        <textarea
          name="reason"
          dir="auto"
          rows={3}
          maxLength={500}
          value={reason}
          aria-describedby="suspend-reason-hint"
          data-testid="suspend-reason"
          onChange={(event) => setReason(event.target.value)}
        />
        <span id="suspend-reason-hint" className="field__hint">
          {t.suspendReasonHint}
        </span>
      </label>
      <label className="field">
        <span className="field__label">{t.suspendUntil}</span>
        <input
          name="until"
          type="datetime-local"
          value={until}
          aria-describedby="suspend-until-hint"
          data-testid="suspend-until"
          onChange={(event) => setUntil(event.target.value)}
        />
        <span id="suspend-until-hint" className="field__hint">
          {t.suspendUntilHint}
        </span>
      </label>
      {failure && (
        <p className="panel__status panel__status--error" role="alert" data-testid="suspend-error">
          {failure}
        </p>
      )}
      <div className="panel__actions">
        <button type="button" className="button" onClick={onDone}>
          {t.cancel}
        </button>
        <button type="submit" className="button button--danger" disabled={suspend.isPending} data-testid="suspend-confirm">
          {t.suspendConfirm}
        </button>
      </div>
    </form>
  );
}
