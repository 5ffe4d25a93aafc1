import { useState, type FormEvent } from "react";
import { isApiError } from "../api/api-errors";
import { AppHeader } from "../app/app-header";
import { errorMessage } from "../app/error-message";
import { useServices, useSessionState } from "../app/services";
import { useI18n } from "../i18n/i18n-context";

export function LoginPage() {
  const { api, session } = useServices();
  const { notice } = useSessionState();
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await api.login(email, password);
      if (response.role !== "admin") {
        setError(t.notAdministrator);
        return;
      }
      session.signIn(response);
    } catch (failure) {
      setError(isApiError(failure, 401) ? t.wrongCredentials : errorMessage(failure, t));
    } finally {
      setBusy(false);
    }
  };

  const noticeText = notice === "expired" ? t.sessionExpired : notice === "forbidden" ? t.notAdministrator : null;

  return (
    <div className="page page--login">
      <AppHeader />
      <main className="login">
        <form className="login__card" onSubmit={(event) => void submit(event)} noValidate={false} aria-labelledby="login-title">
          <h1 id="login-title">{t.signInTitle}</h1>
          <p className="login__intro">{t.signInIntro}</p>
          {noticeText && !error && (
            <p className="notice" role="status" data-testid="session-notice">
              {noticeText}
            </p>
          )}
          {error && (
            <p className="error-banner" role="alert" data-testid="login-error">
              {error}
            </p>
          )}
          <label className="field">
            <span className="field__label">{t.email}</span>
            <input
              type="email"
              name="email"
              autoComplete="username"
              required
              dir="ltr"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">{t.password}</span>
            <input
              type="password"
              name="password"
              autoComplete="current-password"
              required
              dir="ltr"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </label>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t.signingIn : t.signIn}
          </button>
        </form>
      </main>
    </div>
  );
}
