import { isMfaChallenge, type MfaEnrollment, type TokenResponse } from "@moien/contracts";
import { useState, type FormEvent } from "react";
import { isApiError } from "../api/api-errors";
import { AppHeader } from "../app/app-header";
import { errorMessage } from "../app/error-message";
import { useServices, useSessionState } from "../app/services";
import { useI18n } from "../i18n/i18n-context";
import { CodeStep } from "./code-step";
import { EnrollStep } from "./enroll-step";
import { RecoveryCodesStep } from "./recovery-codes-step";

/** Where a sign-in stands: the password; a code; the first sign-in's setup; the recovery codes shown once. */
type Step =
  | { name: "password" }
  | { name: "verify"; challenge: string }
  | { name: "enroll"; challenge: string; enrollment: MfaEnrollment }
  | { name: "recovery"; codes: string[] };

/**
 * Sign-in: email and password, then — an operator with a factor — a code, or — a first sign-in — a new
 * password and the authenticator app's enrolment. The session is the server's HttpOnly cookie; once it
 * is set, the page asks who is signed in (`GET /auth/session`).
 */
export function LoginPage() {
  const { api, session } = useServices();
  const { notice } = useSessionState();
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ name: "password" });
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** The cookie is set: who is it? A registered user's account has no console session. */
  const finish = async (signedIn: TokenResponse) => {
    if (signedIn.role === "user") {
      setError(t.notAdministrator);
      return;
    }
    session.signIn(await api.currentSession());
  };

  const run = async (work: () => Promise<void>, wrong: string) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(isApiError(failure, 401) ? wrong : errorMessage(failure, t));
    } finally {
      setBusy(false);
    }
  };

  const submitPassword = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      const answer = await api.login(email, password);
      if (!isMfaChallenge(answer)) return finish(answer);
      if (answer.mfa === "verify") return setStep({ name: "verify", challenge: answer.challenge });
      setStep({ name: "enroll", challenge: answer.challenge, enrollment: await api.startEnrollment(answer.challenge) });
    }, t.wrongCredentials);
  };

  // A dead challenge (5 minutes, 5 wrong codes, used) sends the operator back to the password.
  const backToPassword = (message: string) => {
    setStep({ name: "password" });
    setPassword("");
    setError(message);
  };

  const noticeText =
    notice === "expired" ? t.sessionExpired : notice === "forbidden" ? t.notAdministrator : notice === "signed-out" ? t.signedOut : null;

  return (
    <div className="page page--login">
      <AppHeader />
      <main className="login">
        {step.name === "verify" ? (
          <CodeStep
            busy={busy}
            error={error}
            onCancel={() => backToPassword("")}
            onSubmit={(code) =>
              void run(async () => {
                try {
                  await finish(await api.verifyMfa(step.challenge, code));
                } catch (failure) {
                  if (isApiError(failure, 401)) setError(t.wrongCode);
                  else throw failure;
                }
              }, t.wrongCode)
            }
          />
        ) : step.name === "enroll" ? (
          <EnrollStep
            email={email}
            enrollment={step.enrollment}
            busy={busy}
            error={error}
            onSubmit={(input) =>
              void run(async () => {
                const done = await api.confirmEnrollment({ challenge: step.challenge, ...input });
                if (done.recoveryCodes.length > 0) setStep({ name: "recovery", codes: done.recoveryCodes });
                else await finish(done);
              }, t.wrongCode)
            }
          />
        ) : step.name === "recovery" ? (
          <RecoveryCodesStep codes={step.codes} onDone={() => void run(async () => session.signIn(await api.currentSession()), "")} />
        ) : (
          <form className="login__card" onSubmit={submitPassword} aria-labelledby="login-title">
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
        )}
      </main>
    </div>
  );
}
