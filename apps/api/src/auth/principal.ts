import type { Role } from "@moien/contracts";

/** Who made a request or opened a socket, once their token has been checked. */
export type Principal = { id: string; role: Role; tokenVersion: number; expiresAt: Date };

export const canActOnUser = (principal: Principal, userId: string): boolean => principal.role === "admin" || principal.id === userId;
