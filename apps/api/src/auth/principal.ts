import type { Role } from "@moien/contracts";

/**
 * Who made a request or opened a socket, once their token has been checked. Each admin socket keeps
 * one for its life: `expiresAtMs` is epoch milliseconds rather than a Date (~100 bytes less a socket).
 */
export type Principal = { id: string; role: Role; tokenVersion: number; expiresAtMs: number };

export const canActOnUser = (principal: Principal, userId: string): boolean => principal.role === "admin" || principal.id === userId;
