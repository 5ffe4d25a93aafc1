import type { Role } from "@moien/contracts";

/**
 * Who made a request or opened a socket, once their token has been checked. Each admin socket keeps
 * one for its life: `expiresAtMs` is epoch milliseconds rather than a Date (~100 bytes less a socket).
 */
export type Principal = { id: string; role: Role; tokenVersion: number; expiresAtMs: number; tokenId?: string };

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

export const canActOnUser = (principal: Principal, userId: string): boolean => principal.role === "admin" || principal.id === userId;
