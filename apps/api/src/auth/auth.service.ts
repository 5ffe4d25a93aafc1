import { randomBytes, randomUUID } from "node:crypto";
import { Inject, Injectable } from "@nestjs/common";
import { JwtService } from "@nestjs/jwt";
import { z } from "zod";
import { type LoginResponse, RoleSchema, type TokenResponse, isOperatorRole } from "@moien/contracts";
import { AccountDisabledError, AccountSuspendedError, UnauthorizedError } from "../common/app-errors";
import { accountKey } from "../common/rate-limit.guard";
import { RateLimits } from "../common/rate-limits";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { AuditRepository } from "../audit/audit.repository";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import { AccountsRepository, type AccountIdentity, type AdminUpsertVia, type OperatorUpsert } from "./accounts.repository";
import { IdentityCache } from "./identity-cache";
import { hashChallenge } from "./mfa/recovery-codes";
import { MfaRepository } from "./mfa/mfa.repository";
import { DeferredAudit } from "../audit/deferred-audit";
import { PasswordHasher } from "./password-hasher";
import { isTokenCurrent, type Principal } from "./principal";
import { OperatorSessionsRepository } from "./sessions/operator-sessions.repository";
import { isSessionLive, touchAfterSeconds } from "./sessions/session-rules";

export const TokenClaimsSchema = z.object({
  sub: z.uuid(),
  role: RoleSchema,
  tv: z.number().int().min(0),
  exp: z.number().int(),
  // Tokens signed before password changes existed have none.
  jti: z.uuid().optional(),
  // An operator's session (server-side); registered users' tokens name none.
  sid: z.uuid().optional(),
});

/** What an access token says, once its signature and expiry are verified. */
export type TokenClaims = z.infer<typeof TokenClaimsSchema>;

// A challenge lives at most 5 minutes (the contract).
const CHALLENGE_TTL_SECONDS = 300;
// Exports need a second factor verified this recently (the contract's step-up).
export const STEP_UP_SECONDS = 600;

/** What `findRevoked` names a revoked principal by: its session (an operator), else its account. */
export const revocationKey = (principal: Principal): string => principal.sessionId ?? principal.id;

/** Where a sign-in comes from, kept with the session (the operator sees it in "My sessions"). */
export type SignInContext = { address: string; userAgent: string | null; requestId: string | null };

/** A session's token and how long the cookie that carries it may live. */
export type SignedIn = TokenResponse & { cookieMaxAgeSeconds: number };

@Injectable()
export class AuthService {
  private readonly touchAfter: number;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly accounts: AccountsRepository,
    private readonly identities: IdentityCache,
    private readonly sessions: OperatorSessionsRepository,
    private readonly mfa: MfaRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly limits: RateLimits,
    private readonly audit: AuditRepository,
    private readonly deferredAudit: DeferredAudit,
  ) {
    this.touchAfter = touchAfterSeconds(config.operators.sessionIdleSeconds);
  }

  /**
   * A registered user gets a token; an operator gets a session, or first a challenge: a second factor
   * to give (`verify`), or the first sign-in's setup (`enroll`).
   * @throws UnauthorizedError, the same for an unknown email and a wrong password; AccountSuspendedError; AccountDisabledError
   */
  async login(email: string, password: string, context: SignInContext): Promise<LoginResponse | SignedIn> {
    const account = await this.accounts.findCredentialsByEmail(email);
    const valid = await this.hasher.verify(account?.passwordHash, password);
    const operator = account !== undefined && isOperatorRole(account.role);
    // Only operators' sign-ins are audited: recording other failures would store strangers' data.
    // A failure is written after the answer: waiting for it made a wrong password for an operator's email
    // answer later than for any other email, which told who the operators are.
    if (operator && !valid) {
      this.deferredAudit.recordLater({ action: "admin.sign_in_failed", actorId: account.id, targetId: null, requestId: context.requestId });
    }
    const key = accountKey(email) ?? email;
    if (!account || !valid) {
      await this.limits.recordLoginFailure(key, context.address);
      throw new UnauthorizedError("Wrong email or password.");
    }
    await this.limits.recordLoginSuccess(key, context.address);
    // After the password check only: a suspension is not told to someone who does not know the password.
    if (account.suspended) throw new AccountSuspendedError();
    if (!operator) return this.userToken(account.id, account.tokenVersion);
    if (account.disabled) throw new AccountDisabledError();
    const needsSetup = account.passwordChangeRequired || (this.config.operators.mfa === "required" && !account.hasFactor);
    if (needsSetup || account.hasFactor) return this.challenge(account.id, needsSetup ? "enroll" : "verify");
    return this.signIn(account.id, { mfaVerified: false }, context);
  }

  /** A new session of an operator, its token, and the audit entry of the sign-in. */
  async signIn(operatorId: string, options: { mfaVerified: boolean }, context: SignInContext): Promise<SignedIn> {
    const maxAge = this.config.operators.sessionMaxAgeSeconds;
    // Nothing outside `tx` inside it: the embedded store has one connection, which the transaction holds.
    const session = await this.database.db.transaction(async (tx) => {
      const created = await this.sessions.create(tx, {
        operatorId,
        address: context.address,
        userAgent: context.userAgent?.slice(0, 300) ?? null,
        maxAgeSeconds: maxAge,
        mfaVerified: options.mfaVerified,
      });
      await this.audit.record(tx, { action: "admin.signed_in", actorId: operatorId, targetId: null, requestId: context.requestId });
      return created;
    });
    const identity = await this.accounts.findIdentity(operatorId, session.id);
    if (!identity) throw new UnauthorizedError("Wrong email or password.");
    await this.accounts.markSignedIn(operatorId);
    // The token lives no longer than its session may.
    const expiresIn = Math.min(this.config.jwt.ttlSeconds, maxAge);
    const accessToken = await this.jwt.signAsync(
      { sub: operatorId, role: identity.role, tv: identity.tokenVersion, sid: session.id },
      { expiresIn, jwtid: randomUUID() },
    );
    return { accessToken, tokenType: "Bearer", expiresIn, role: identity.role, cookieMaxAgeSeconds: expiresIn };
  }

  /**
   * Checks signature and expiry, then in one lookup that the account still exists with the same role
   * and token version (erasure, suspension, password changes and resets revoke tokens), is not disabled,
   * and — an operator — that its session is live. Every ending is seen at once, on every node.
   * @throws UnauthorizedError
   */
  async verifyAccessTokenOrThrow(token: string | undefined): Promise<Principal> {
    if (!token) throw new UnauthorizedError();
    let claims: TokenClaims;
    try {
      claims = TokenClaimsSchema.parse(await this.jwt.verifyAsync(token));
    } catch {
      throw new UnauthorizedError("The access token is invalid or has expired.");
    }
    return this.principalOrThrow(claims);
  }

  /**
   * The principal a token's verified claims name, if its account and session still hold (the lookup
   * above). Also for what is signed in a token's name, such as an export's download link.
   * @throws UnauthorizedError
   */
  async principalOrThrow(claims: TokenClaims): Promise<Principal> {
    const principal: Principal = { id: claims.sub, role: claims.role, tokenVersion: claims.tv, expiresAtMs: claims.exp * 1000 };
    if (claims.jti) principal.tokenId = claims.jti;
    if (claims.sid) principal.sessionId = claims.sid;
    const sessionId = claims.sid ?? null;
    const account = await this.identities.find(
      claims.sub,
      sessionId,
      (kept) => this.holds(kept, principal),
      () => this.accounts.findIdentity(claims.sub, sessionId),
    );
    if (!account || !this.holds(account, principal))
      throw new UnauthorizedError("The access token has been revoked or its session has ended.");
    await this.keepActive([account]);
    if (account.session) {
      principal.hasFactor = account.hasFactor;
      const verifiedAt = account.session.mfaVerifiedAt?.getTime();
      principal.stepUpUntilMs = verifiedAt === undefined ? null : verifiedAt + STEP_UP_SECONDS * 1000;
    }
    return principal;
  }

  /** The principals among these that are no longer valid (their ids); live sockets keep their sessions active. */
  async findRevoked(principals: Principal[]): Promise<Set<string>> {
    const keys = principals.map((p) => ({ id: p.id, sessionId: p.sessionId }));
    const rows = await this.accounts.findIdentities(keys);
    await this.keepActive(rows);
    const byKey = new Map(rows.map((row) => [`${row.id}|${row.session?.id ?? ""}`, row]));
    const revoked = new Set<string>();
    for (const p of principals) {
      const account = byKey.get(`${p.id}|${p.sessionId ?? ""}`) ?? (p.sessionId ? undefined : rows.find((row) => row.id === p.id));
      if (!account || !this.holds(account, p)) revoked.add(revocationKey(p));
    }
    return revoked;
  }

  /** Creates or changes an operator from outside the console (the admin command, the first start). */
  async upsertOperator(change: Omit<OperatorUpsert, "passwordHash"> & { password?: string }, via: AdminUpsertVia) {
    const { password, ...rest } = change;
    return this.accounts.upsertOperator(
      { ...rest, passwordHash: password === undefined ? undefined : await this.hasher.hash(password) },
      via,
    );
  }

  /**
   * Starts the idle timeout again of the sessions last marked active over `touchAfter` ago: a write at
   * most that often per session, not one per request. The kept identity is marked first, so requests
   * arriving meanwhile do not write it again.
   */
  private async keepActive(identities: AccountIdentity[]): Promise<void> {
    const staleBefore = Date.now() - this.touchAfter * 1000;
    const stale = identities.flatMap(({ session }) => {
      if (!session || session.endedAt !== null || session.lastActiveAt.getTime() >= staleBefore) return [];
      session.lastActiveAt = new Date();
      return [session.id];
    });
    if (stale.length > 0) await this.accounts.touchSessions(stale);
  }

  private holds(account: AccountIdentity, principal: Principal): boolean {
    if (account.role !== principal.role || !isTokenCurrent(account, principal)) return false;
    if (!isOperatorRole(account.role)) return true;
    // An operator's token is only as good as its session.
    return (
      !account.disabled &&
      principal.sessionId !== undefined &&
      account.session?.id === principal.sessionId &&
      isSessionLive(account.session, this.config.operators.sessionIdleSeconds)
    );
  }

  private async userToken(id: string, tokenVersion: number): Promise<SignedIn> {
    const expiresIn = this.config.jwt.ttlSeconds;
    const accessToken = await this.jwt.signAsync({ sub: id, role: "user", tv: tokenVersion }, { expiresIn, jwtid: randomUUID() });
    return { accessToken, tokenType: "Bearer", expiresIn, role: "user", cookieMaxAgeSeconds: 0 };
  }

  private async challenge(operatorId: string, kind: "verify" | "enroll"): Promise<LoginResponse> {
    const challenge = randomBytes(32).toString("base64url");
    await this.mfa.createChallenge({ idHash: hashChallenge(challenge), operatorId, kind, ttlSeconds: CHALLENGE_TTL_SECONDS });
    return { mfa: kind, challenge, expiresIn: CHALLENGE_TTL_SECONDS };
  }
}
