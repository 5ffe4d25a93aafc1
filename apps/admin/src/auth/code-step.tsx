import { useState } from "react";
import { useI18n } from "../i18n/i18n-context";

type Props = { busy: boolean; error: string | null; onSubmit: (code: string) => void; onCancel: () => void };

/** The second step: a 6-digit code from the app, or a recovery code. */
export function CodeStep({ busy, error, onSubmit, onCancel }: Props) {
  const { t } = useI18n();
  const [code, setCode] = useState("");
  return (
    <form
      className="login__card"
      aria-labelledby="code-title"
      data-testid="code-step"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(code);
      }}
    >
      <h1 id="code-title">{t.codeTitle}</h1>
      <p className="login__intro">{t.codeIntro}</p>
      {error && (
        <p className="error-banner" role="alert" data-testid="login-error">
          {error}
        </p>
      )}
      <label className="field">
        <span className="field__label">{t.codeLabel}</span>
        <input
          name="code"
          autoComplete="one-time-code"
          inputMode="text"
          required
          dir="ltr"
          maxLength={14}
          autoFocus
          value={code}
          data-testid="mfa-code"
          onChange={(event) => setCode(event.target.value)}
        />
      </label>
      <button type="submit" className="button button--primary" disabled={busy} data-testid="mfa-submit">
        {busy ? t.signingIn : t.verify}
      </button>
      <button type="button" className="button button--quiet" onClick={onCancel}>
        {t.backToPassword}
      </button>
    </form>
  );
}
