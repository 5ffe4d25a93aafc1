import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposeApp, startApp, type AppProcess } from "../support/app-process";
import { httpClient, type Http } from "../support/factories";
import { createOperator, firstSignIn, nextStep, signInWithCode, totp } from "../support/operators";
import { createTestDatabase, type TestDatabase } from "../support/postgres";
import { expectProblem } from "../support/problem";

// Contract, "Operators: two factors": TOTP per RFC 6238 (one step either side, each code once), 10
// single-use recovery codes, a challenge that lives 5 minutes, is used once and dies after 5 wrong codes,
// enrolment forced at first sign-in when OPERATOR_MFA=required, ADMIN_TOTP_SECRET for automation.
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

type Challenge = { mfa?: string; challenge?: string; accessToken?: string };

describe("two-factor sign-in (OPERATOR_MFA=required, on PostgreSQL)", () => {
  let app: AppProcess;
  let database: TestDatabase;
  let http: Http;
  let adminToken: string;
  let usedCode: string;

  const login = async (email: string, password: string) => (await http.login(email, password)).body as Challenge;
  const verify = (challenge: string | undefined, code: string) =>
    http.request("POST", "/api/v1/auth/mfa/verify", { body: { challenge, code } });

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startApp({ env: { DATABASE_URL: database.url, OPERATOR_MFA: "required", ADMIN_TOTP_SECRET: SECRET } });
    http = httpClient(app.url);
    const first = await login(app.admin.email, app.admin.password);
    usedCode = totp(SECRET);
    const signedIn = await verify(first.challenge, usedCode);
    expect(signedIn.status).toBe(200);
    adminToken = (signedIn.body as { accessToken: string }).accessToken;
  });

  afterAll(async () => {
    await disposeApp(app);
    await database?.drop();
  });

  it("should ask the first admin (ADMIN_TOTP_SECRET) for a code, refuse the same code twice, and one two steps off", async () => {
    const challenge = await login(app.admin.email, app.admin.password);
    expect(challenge).toMatchObject({ mfa: "verify", expiresIn: 300 });
    expect(challenge.accessToken).toBeUndefined();
    // The code beforeAll used: accepted once per operator, refused now (in its step or after).
    expectProblem(await verify(challenge.challenge, usedCode), 401);
    expectProblem(await verify((await login(app.admin.email, app.admin.password)).challenge, totp(SECRET, -2)), 401);
    expectProblem(await verify((await login(app.admin.email, app.admin.password)).challenge, totp(SECRET, 2)), 401);
  });

  it("should force enrolment at first sign-in: no token before it, a code from the new secret and a new password, 10 recovery codes", async () => {
    const created = await createOperator(http, adminToken, "support");
    const challenge = await login(created.email, created.oneTimePassword);
    expect(challenge.mfa).toBe("enroll");
    expect(challenge.accessToken).toBeUndefined();
    const started = await http.request<{ secret: string; otpauthUri: string; factorRequired: boolean; passwordChangeRequired: boolean }>(
      "POST",
      "/api/v1/auth/mfa/enroll",
      { body: { challenge: challenge.challenge } },
    );
    expect(started.body).toMatchObject({ factorRequired: true, passwordChangeRequired: true });
    expect(started.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Moien%20Delivery:.+secret=/);
    // Neither part may be skipped.
    const missing = expectProblem(
      await http.request("POST", "/api/v1/auth/mfa/enroll/confirm", { body: { challenge: challenge.challenge } }),
      400,
    );
    expect(missing.errors?.map((e) => e.field).sort()).toEqual(["code", "newPassword"]);
    expectProblem(
      await http.request("POST", "/api/v1/auth/mfa/enroll/confirm", {
        body: { challenge: challenge.challenge, code: "123456", newPassword: "brand-new-password" },
      }),
      401,
    );
    const confirmed = await http.request<{ accessToken: string; recoveryCodes: string[] }>("POST", "/api/v1/auth/mfa/enroll/confirm", {
      body: { challenge: challenge.challenge, code: totp(started.body.secret), newPassword: "brand-new-password" },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
    expect((await http.request("GET", "/api/v1/users", { token: confirmed.body.accessToken })).status).toBe(200);
    // The one-time password is spent; the challenge too.
    expectProblem(await http.login(created.email, created.oneTimePassword), 401);
    expectProblem(
      await http.request("POST", "/api/v1/auth/mfa/enroll/confirm", {
        body: { challenge: challenge.challenge, code: totp(started.body.secret), newPassword: "another-password-1" },
      }),
      401,
    );

    // Recovery codes: each works once (case and dashes ignored).
    const [code] = confirmed.body.recoveryCodes;
    expect((await verify((await login(created.email, "brand-new-password")).challenge, code!.toUpperCase())).status).toBe(200);
    expectProblem(await verify((await login(created.email, "brand-new-password")).challenge, code!), 401);
    const audit = await http.request<{ items: { action: string; target: { id: string } | null }[] }>(
      "GET",
      "/api/v1/audit?action=operator.mfa_enrolled",
      { token: adminToken },
    );
    expect(audit.body.items.some((e) => e.target?.id === created.id)).toBe(true);
  });

  it("should use a challenge once, kill it after 5 wrong codes, and refuse an expired one", async () => {
    const created = await createOperator(http, adminToken, "viewer");
    const { password, recoveryCodes } = await firstSignIn(http, created.email, created.oneTimePassword, true);
    const once = await login(created.email, password);
    expect((await verify(once.challenge, recoveryCodes[0]!)).status).toBe(200);
    expectProblem(await verify(once.challenge, recoveryCodes[1]!), 401);

    const guessed = await login(created.email, password);
    for (let i = 0; i < 5; i++) expectProblem(await verify(guessed.challenge, `00000${i}`), 401);
    expectProblem(await verify(guessed.challenge, recoveryCodes[2]!), 401);

    const late = await login(created.email, password);
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      await db.query("update mfa_challenges set expires_at = now() - interval '1 second' where used_at is null");
    } finally {
      await db.end();
    }
    expectProblem(await verify(late.challenge, recoveryCodes[3]!), 401);
    // The recovery code was not spent by the refused challenge.
    expect((await verify((await login(created.email, password)).challenge, recoveryCodes[3]!)).status).toBe(200);
  });

  it("should ask for a fresh factor before an export (step-up), then carry on", async () => {
    const created = await createOperator(http, adminToken, "admin");
    const { password, recoveryCodes, secret } = await firstSignIn(http, created.email, created.oneTimePassword, true);
    // Signed in with a recovery code: a factor verified now, so the export goes through at once.
    const token = ((await verify((await login(created.email, password)).challenge, recoveryCodes[0]!)).body as { accessToken: string })
      .accessToken;
    expect((await http.request("GET", "/api/v1/users/export", { token })).status).toBe(200);

    // A session whose factor is older than 10 minutes (moved back in the database) must step up.
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      await db.query("update operator_sessions set mfa_verified_at = now() - interval '11 minutes' where operator_id = $1", [created.id]);
    } finally {
      await db.end();
    }
    const refused = expectProblem(await http.request("GET", "/api/v1/users/export", { token }), 403);
    expect(refused.type).toMatch(/step-up-required$/);
    // The console's way in, a download link, is refused the same way, before any link exists.
    expect(expectProblem(await http.request("POST", "/api/v1/users/export/links", { token }), 403).type).toMatch(/step-up-required$/);
    expectProblem(await http.request("POST", "/api/v1/auth/mfa/step-up", { token, body: { code: "000000" } }), 400);
    await nextStep(); // the enrolment used this step's code
    expect((await http.request("POST", "/api/v1/auth/mfa/step-up", { token, body: { code: totp(secret) } })).status).toBe(204);
    expect((await http.request("GET", "/api/v1/users/export", { token })).status).toBe(200);
  }, 60_000);

  it("should sign in with a code through the typed flow, and record a wrong code as a failed sign-in", async () => {
    const created = await createOperator(http, adminToken, "viewer");
    const { password, recoveryCodes } = await firstSignIn(http, created.email, created.oneTimePassword, true);
    expectProblem(await signInWithCode(http, created.email, password, "999999"), 401);
    expect((await signInWithCode(http, created.email, password, recoveryCodes[0]!)).status).toBe(200);
    const failures = await http.request<{ items: { actor: { id: string } | null }[] }>("GET", "/api/v1/audit?action=admin.sign_in_failed", {
      token: adminToken,
    });
    expect(failures.body.items.some((e) => e.actor?.id === created.id)).toBe(true);
  });
});

describe("OPERATOR_MFA=optional", () => {
  let app: AppProcess;
  afterAll(() => disposeApp(app));

  it("should sign an operator without a factor in with the password alone, and ask one with a factor for a code", async () => {
    app = await startApp({ env: { OPERATOR_MFA: "optional" } });
    const http = httpClient(app.url);
    const direct = await http.login(app.admin.email, app.admin.password);
    expect(direct.body.accessToken).toBeTruthy();
    const created = await createOperator(http, direct.body.accessToken, "support");
    // A one-time password still has to be changed; the factor may be skipped.
    const skipped = await firstSignIn(http, created.email, created.oneTimePassword, false);
    expect(skipped.recoveryCodes).toEqual([]);
    expect((await http.login(created.email, skipped.password)).body.accessToken).toBeTruthy();

    const withFactor = await createOperator(http, direct.body.accessToken, "viewer");
    const enrolled = await firstSignIn(http, withFactor.email, withFactor.oneTimePassword, true);
    expect(((await http.login(withFactor.email, enrolled.password)).body as Challenge).mfa).toBe("verify");
  });
});
