import { generateSync } from "otplib";
import type { OperatorRole } from "@moien/contracts";
import type { Http } from "./factories";

let sequence = 0;

/** A TOTP code of `secret`, `offsetSteps` 30-second steps from now. */
export const totp = (secret: string, offsetSteps = 0): string =>
  generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });

/** Waits until the next 30-second step starts: a code is accepted once per operator. */
export async function nextStep(): Promise<void> {
  const msIntoStep = Date.now() % 30_000;
  await new Promise((resolve) => setTimeout(resolve, 30_000 - msIntoStep + 50));
}

type LoginBody = { accessToken?: string; mfa?: "verify" | "enroll"; challenge?: string };

/** An admin creates an operator; returns its email, id and one-time password. */
export async function createOperator(http: Http, adminToken: string, role: OperatorRole) {
  sequence += 1;
  const email = `${role}${sequence}.${Date.now()}@moien.test`;
  const created = await http.request<{ operator: { id: string }; oneTimePassword: string }>("POST", "/api/v1/operators", {
    token: adminToken,
    body: { email, role },
  });
  if (created.status !== 201) throw new Error(`create operator: ${created.status} ${created.text}`);
  return { email, id: created.body.operator.id, oneTimePassword: created.body.oneTimePassword };
}

/**
 * The first sign-in of a created operator: the enroll challenge, the setup (a TOTP factor when `withFactor`,
 * computed from the secret the server gives), a new password. Returns the token, the secret and the recovery codes.
 */
export async function firstSignIn(http: Http, email: string, oneTimePassword: string, withFactor: boolean) {
  const login = await http.login(email, oneTimePassword);
  const body = login.body as LoginBody;
  if (body.mfa !== "enroll" || !body.challenge) throw new Error(`expected an enroll challenge: ${login.text}`);
  const started = await http.request<{ secret: string }>("POST", "/api/v1/auth/mfa/enroll", { body: { challenge: body.challenge } });
  const newPassword = `new-password-${sequence}-${Date.now()}`;
  const confirm = await http.request<{ accessToken: string; recoveryCodes: string[] }>("POST", "/api/v1/auth/mfa/enroll/confirm", {
    body: { challenge: body.challenge, newPassword, ...(withFactor ? { code: totp(started.body.secret) } : {}) },
  });
  if (confirm.status !== 200) throw new Error(`enrolment: ${confirm.status} ${confirm.text}`);
  return {
    token: confirm.body.accessToken,
    secret: started.body.secret,
    recoveryCodes: confirm.body.recoveryCodes,
    password: newPassword,
    headers: confirm.headers,
  };
}

/** Signs an operator with a factor in: password, then a code. */
export async function signInWithCode(http: Http, email: string, password: string, code: string) {
  const login = await http.login(email, password);
  const body = login.body as LoginBody;
  if (body.mfa !== "verify" || !body.challenge) throw new Error(`expected a verify challenge: ${login.text}`);
  return http.request<{ accessToken: string }>("POST", "/api/v1/auth/mfa/verify", { body: { challenge: body.challenge, code } });
}
