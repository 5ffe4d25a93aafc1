import type { MfaEnrollment } from "@moien/contracts";
import { PasswordSchema } from "@moien/contracts";
import { useState } from "react";
import { useI18n } from "../i18n/i18n-context";
import { QrCode } from "./qr-code";

type Props = {
  email: string;
  enrollment: MfaEnrollment;
  busy: boolean;
  error: string | null;
  onSubmit: (input: { code?: string; newPassword?: string }) => void;
};

/** Groups of four, for reading the secret into an app by hand. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, "$1 ").trim();

/** The first sign-in: a new password when the current one was a one-time password, and the authenticator app. */
export function EnrollStep({ email, enrollment, busy, error, onSubmit }: Props) {
  const { t } = useI18n();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [code, setCode] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const submit = () => {
    if (enrollment.passwordChangeRequired) {
      if (!PasswordSchema.safeParse(password).success) return setProblem(t.passwordRules);
      if (password !== confirm) return setProblem(t.passwordsDiffer);
    }
    setProblem(null);
    onSubmit({
      ...(enrollment.passwordChangeRequired ? { newPassword: password } : {}),
      ...(code.trim() ? { code: code.trim() } : {}),
    });
  };

  return (
    <form
      className="login__card login__card--wide"
      aria-labelledby="enroll-title"
      data-testid="enroll-step"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h1 id="enroll-title">{t.enrollTitle}</h1>
      <p className="login__intro">{t.enrollIntro(email)}</p>
      {(problem ?? error) && (
        <p className="error-banner" role="alert" data-testid="login-error">
          {problem ?? error}
        </p>
      )}
      {enrollment.passwordChangeRequired && (
        <fieldset className="login__group">
          <legend className="field__label">{t.newPasswordTitle}</legend>
          <label className="field">
            <span className="field__label">{t.newPassword}</span>
            <input
              type="password"
              name="new-password"
              autoComplete="new-password"
              dir="ltr"
              required
              value={password}
              data-testid="enroll-password"
              onChange={(event) => setPassword(event.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">{t.confirmPassword}</span>
            <input
              type="password"
              name="confirm-password"
              autoComplete="new-password"
              dir="ltr"
              required
              value={confirm}
              data-testid="enroll-password-confirm"
              onChange={(event) => setConfirm(event.target.value)}
            />
          </label>
        </fieldset>
      )}
      <fieldset className="login__group">
        <legend className="field__label">{enrollment.factorRequired ? t.enrollAppTitle : t.enrollAppOptional}</legend>
        <p className="login__intro">{t.enrollScan}</p>
        <QrCode text={enrollment.otpauthUri} label={t.enrollQrLabel} />
        <p className="login__intro">{t.enrollSecretIntro}</p>
        <code className="secret" dir="ltr" data-testid="enroll-secret" data-secret={enrollment.secret}>
          {grouped(enrollment.secret)}
        </code>
        <label className="field">
          <span className="field__label">{t.codeLabel}</span>
          <input
            name="code"
            autoComplete="one-time-code"
            inputMode="numeric"
            dir="ltr"
            maxLength={6}
            required={enrollment.factorRequired}
            value={code}
            data-testid="enroll-code"
            onChange={(event) => setCode(event.target.value)}
          />
        </label>
      </fieldset>
      <button type="submit" className="button button--primary" disabled={busy} data-testid="enroll-submit">
        {busy ? t.signingIn : t.enrollFinish}
      </button>
    </form>
  );
}
