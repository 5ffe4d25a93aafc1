import { Inject, Injectable } from "@nestjs/common";
import { JwtService } from "@nestjs/jwt";
import { z } from "zod";
import type { LoginResponse } from "@moien/contracts";
import { UnauthorizedError } from "../common/app-errors";
import { accountKey } from "../common/rate-limit.guard";
import { RateLimits } from "../common/rate-limits";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { AuditRepository } from "../audit/audit.repository";
import { DeferredAudit } from "../audit/deferred-audit";
import { AccountsRepository, type AdminUpsertVia } from "./accounts.repository";
import { PasswordHasher } from "./password-hasher";
import type { Principal } from "./principal";

const TokenClaimsSchema = z.object({
  sub: z.uuid(),
  role: z.enum(["admin", "user"]),
  tv: z.number().int().min(0),
  exp: z.number().int(),
});

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly limits: RateLimits,
    private readonly audit: AuditRepository,
    private readonly deferredAudit: DeferredAudit,
  ) {}

  /** @throws UnauthorizedError, the same for an unknown email and a wrong password. */
  async login(email: string, password: string, address: string, requestId: string | null = null): Promise<LoginResponse> {
    const account = await this.accounts.findCredentialsByEmail(email);
    const valid = await this.hasher.verify(account?.passwordHash, password);
    // Only admin accounts' sign-ins are audited: recording other failures would store strangers' data.
    if (account?.role === "admin") {
      const entry = { actorId: account.id, targetId: null, requestId };
      if (valid) await this.audit.recordAlone({ action: "admin.signed_in", ...entry });
      // A failure is written after the answer: waiting for it made a wrong password for an operator's
      // email answer later than for any other email, which told who the operators are.
      else this.deferredAudit.recordLater({ action: "admin.sign_in_failed", ...entry });
    }
    const key = accountKey(email) ?? email;
    if (!account || !valid) {
      await this.limits.recordLoginFailure(key, address);
      throw new UnauthorizedError("Wrong email or password.");
    }
    await this.limits.recordLoginSuccess(key, address);
    const accessToken = await this.jwt.signAsync(
      { sub: account.id, role: account.role, tv: account.tokenVersion },
      { expiresIn: this.config.jwt.ttlSeconds },
    );
    return { accessToken, tokenType: "Bearer", expiresIn: this.config.jwt.ttlSeconds, role: account.role };
  }

  /**
   * Checks signature, expiry and that the account still exists with the same role and token
   * version (erasure and password resets revoke tokens).
   * @throws UnauthorizedError
   */
  async verifyAccessTokenOrThrow(token: string | undefined): Promise<Principal> {
    if (!token) throw new UnauthorizedError();
    let claims: z.infer<typeof TokenClaimsSchema>;
    try {
      claims = TokenClaimsSchema.parse(await this.jwt.verifyAsync(token));
    } catch {
      throw new UnauthorizedError("The access token is invalid or has expired.");
    }
    const account = await this.accounts.findIdentityById(claims.sub);
    if (!account || account.role !== claims.role || account.tokenVersion !== claims.tv) {
      throw new UnauthorizedError("The access token has been revoked.");
    }
    return { id: account.id, role: account.role, tokenVersion: account.tokenVersion, expiresAtMs: claims.exp * 1000 };
  }

  /** The principals among these that are no longer valid: account deleted, role or token version changed. */
  async findRevoked(principals: Principal[]): Promise<Set<string>> {
    const current = new Map((await this.accounts.findIdentitiesByIds([...new Set(principals.map((p) => p.id))])).map((a) => [a.id, a]));
    const revoked = new Set<string>();
    for (const p of principals) {
      const account = current.get(p.id);
      if (!account || account.role !== p.role || account.tokenVersion !== p.tokenVersion) revoked.add(p.id);
    }
    return revoked;
  }

  /** Creates or resets an admin; false when the email belongs to a registered user. */
  async upsertAdmin(email: string, password: string, via: AdminUpsertVia): Promise<"created" | "reset" | null> {
    return this.accounts.upsertAdmin(email, await this.hasher.hash(password), via);
  }
}
