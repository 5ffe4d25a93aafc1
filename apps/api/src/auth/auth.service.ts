import { Inject, Injectable } from "@nestjs/common";
import { JwtService } from "@nestjs/jwt";
import { z } from "zod";
import type { LoginResponse } from "@moien/contracts";
import { UnauthorizedError } from "../common/app-errors";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { AccountsRepository } from "./accounts.repository";
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
  ) {}

  /** @throws UnauthorizedError, the same for an unknown email and a wrong password. */
  async login(email: string, password: string): Promise<LoginResponse> {
    const account = await this.accounts.findCredentialsByEmail(email);
    const valid = await this.hasher.verify(account?.passwordHash, password);
    if (!account || !valid) throw new UnauthorizedError("Wrong email or password.");
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
    return { id: account.id, role: account.role, expiresAt: new Date(claims.exp * 1000) };
  }

  /** Creates or resets an admin; false when the email belongs to a registered user. */
  async upsertAdmin(email: string, password: string): Promise<"created" | "reset" | null> {
    return this.accounts.upsertAdmin(email, await this.hasher.hash(password));
  }
}
