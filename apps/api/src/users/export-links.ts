import { randomUUID } from "node:crypto";
import { Inject, Injectable } from "@nestjs/common";
import { JwtService } from "@nestjs/jwt";
import { ExportUsersQuerySchema, type ExportLink } from "@moien/contracts";
import { z } from "zod";
import { allows } from "../auth/auth.guard";
import { AuthService, TokenClaimsSchema } from "../auth/auth.service";
import type { Principal } from "../auth/principal";
import { ForbiddenError, UnauthorizedError } from "../common/app-errors";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { ExportRateLimit } from "./export-rate-limit";
import { assertSteppedUp, type ExportUsersCommand } from "./users-export.service";

// Long enough for the browser to follow the link it was just handed, short enough to be useless later.
export const EXPORT_LINK_SECONDS = 60;
export const EXPORT_DOWNLOAD_PATH = "/api/v1/users/export/download";

const LinkClaimsSchema = TokenClaimsSchema.extend({
  jti: z.uuid(),
  // The export's query as it was validated when the link was made.
  q: z.record(z.string(), z.string()),
});

/**
 * Download links for the console's "Export CSV": the browser's own download manager fetches the file
 * and streams it to disk (the tab never holds it, closing the tab does not lose it), while every check
 * that can refuse an export — role, step-up, the export limit, the filters — is answered to the console
 * first, where it can show it. A link lives 60 s, is used once on the node that serves it (within those
 * 60 s another node could serve it again, to the same live session only), is bound to the operator's
 * session (ended → the link is dead) and carries the export's filters, signed. It is signed with a key
 * derived from JWT_SECRET for links only: a link is never an access token, nor an access token a link.
 */
@Injectable()
export class ExportLinks {
  // A Buffer (not a KeyObject as for access tokens): a link is verified once per export, not per request.
  private readonly key: Buffer;
  // jti → expiry (ms) of the links this node has served; a used link's jti is kept until it expires.
  private readonly used = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
    private readonly limit: ExportRateLimit,
  ) {
    this.key = Buffer.from(`${config.jwt.secret}\u0000export-link`, "utf8");
  }

  /**
   * A link to `GET /users/export/download` for this operator's export of `query` (already validated).
   * @throws StepUpRequiredError, RateLimitedError
   */
  async issueOrThrow(principal: Principal, query: Record<string, string>): Promise<ExportLink> {
    assertSteppedUp(principal);
    await this.limit.checkOrThrow(principal.id);
    const claims = {
      sub: principal.id,
      role: principal.role,
      tv: principal.tokenVersion,
      q: query,
      ...(principal.sessionId && { sid: principal.sessionId }),
    };
    const link = await this.jwt.signAsync(claims, { secret: this.key, expiresIn: EXPORT_LINK_SECONDS, jwtid: randomUUID() });
    return { href: `${EXPORT_DOWNLOAD_PATH}?link=${link}`, expiresIn: EXPORT_LINK_SECONDS };
  }

  /**
   * The operator and the export a link names, once: its session must still be live and its role still allowed.
   * @throws UnauthorizedError, ForbiddenError
   */
  async redeemOrThrow(link: string): Promise<{ principal: Principal; command: ExportUsersCommand }> {
    let claims: z.infer<typeof LinkClaimsSchema>;
    try {
      claims = LinkClaimsSchema.parse(await this.jwt.verifyAsync(link, { secret: this.key }));
    } catch {
      throw new UnauthorizedError("The download link is invalid or has expired; start the export again.");
    }
    this.forgetExpired();
    if (this.used.has(claims.jti)) throw new UnauthorizedError("The download link has been used already; start the export again.");
    this.used.set(claims.jti, claims.exp * 1000);
    const principal = await this.auth.principalOrThrow(claims);
    if (!allows(principal, "users.export")) throw new ForbiddenError("Your role does not allow this.");
    return { principal, command: ExportUsersQuerySchema.parse(claims.q) };
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [jti, expiresAt] of this.used) if (expiresAt <= now) this.used.delete(jti);
  }
}
