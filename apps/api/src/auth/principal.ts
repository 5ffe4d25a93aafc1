import { can, type Permission, type Role } from "@moien/contracts";

/**
 * Who made a request or opened a socket, once their token (and an operator's session) has been checked.
 * Each socket keeps one for its life: times are epoch milliseconds rather than Dates (less memory a socket).
 */
export type Principal = {
  id: string;
  role: Role;
  tokenVersion: number;
  expiresAtMs: number;
  /** The token's `jti` (a password change keeps the token that made it). */
  tokenId?: string;
  /** An operator's server-side session, which the token names. */
  sessionId?: string;
  /** An operator with a second factor: exports need it verified recently (`stepUpUntilMs`). */
  hasFactor?: boolean;
  stepUpUntilMs?: number | null;
};

/** What a token claims about its account, and what the account says now. */
type TokenClaims = { tokenVersion: number; tokenId?: string };
type AccountTokens = { tokenVersion: number; keptTokenId: string | null };

/**
 * A token is current while its account's token version is the one it was signed with, or when it
 * is the one token a password change kept (its jti): every other bump (suspension, reset, a later
 * change made with another token) clears that.
 */
export const isTokenCurrent = (account: AccountTokens, token: TokenClaims): boolean =>
  account.tokenVersion === token.tokenVersion || (token.tokenId !== undefined && token.tokenId === account.keptTokenId);

/** The operators whose role has the permission, or the user the id names (their own account). */
export const canActOnUser = (principal: Principal, userId: string, permission: Permission): boolean =>
  can(principal.role, permission) || principal.id === userId;
