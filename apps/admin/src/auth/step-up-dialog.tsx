import { type ReactNode, useEffect, useRef, useState } from "react";
import { isApiError } from "../api/api-errors";
import { errorMessage } from "../app/error-message";
import { useServices, useSessionState } from "../app/services";
import { useI18n } from "../i18n/i18n-context";

// The server's rule: a factor verified in the last 10 minutes of the session.
const STEP_UP_MS = 10 * 60 * 1000;

/** Whether a sensitive action (an export, a backup) must ask for a fresh code first: a factor, not verified lately. */
const needsFreshCode = (session: { hasFactor: boolean; stepUpUntil?: number | null } | null | undefined): boolean =>
  session?.hasFactor === true && !((session.stepUpUntil ?? 0) > Date.now() + 5_000);

/**
 * A sensitive action behind a fresh code: `start()` runs it, or first asks for a code when the session
 * needs one; `ask()` asks anyway (the server answered `step-up-required`). Render `dialog`.
 */
export function useStepUp(action: () => void): { start: () => void; ask: () => void; dialog: ReactNode } {
  const { session } = useSessionState();
  const [asking, setAsking] = useState(false);
  const dialog = asking ? (
    <StepUpDialog
      onCancel={() => setAsking(false)}
      onDone={() => {
        setAsking(false);
        action();
      }}
    />
  ) : null;
  return { start: () => (needsFreshCode(session) ? setAsking(true) : action()), ask: () => setAsking(true), dialog };
}

/** Asks for a fresh code before a sensitive action (an export), then lets it carry on. */
export function StepUpDialog({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const { api, session } = useServices();
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
    return () => element?.close?.();
  }, []);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const started = Date.now();
      await api.stepUp(code);
      session.steppedUp(started + STEP_UP_MS);
      onDone();
    } catch (failure) {
      setError(isApiError(failure, 400) ? t.wrongCode : errorMessage(failure, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="step-up-title"
      data-testid="step-up-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2 id="step-up-title" className="dialog__title">
          {t.stepUpTitle}
        </h2>
        <p className="dialog__body">{t.stepUpIntro}</p>
        {error && (
          <p className="error-banner" role="alert">
            {error}
          </p>
        )}
        <label className="field">
          <span className="field__label">{t.codeLabel}</span>
          <input
            name="code"
            autoComplete="one-time-code"
            dir="ltr"
            maxLength={14}
            autoFocus
            required
            value={code}
            data-testid="step-up-code"
            onChange={(event) => setCode(event.target.value)}
          />
        </label>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onCancel}>
            {t.cancel}
          </button>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="step-up-submit">
            {t.verify}
          </button>
        </div>
      </form>
    </dialog>
  );
}
