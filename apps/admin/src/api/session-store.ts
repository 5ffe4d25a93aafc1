import type { CurrentSession, OperatorRole } from "@moien/contracts";

/** Who is signed in, as `GET /auth/session` says: the token itself stays in the HttpOnly cookie. */
export type Session = {
  id: string;
  operator: { id: string; email: string; role: OperatorRole };
  hasFactor: boolean;
  /** Until when an export needs no new code (epoch ms); null: a code first (when the operator has a factor). */
  stepUpUntil: number | null;
};

/** Why the last session ended, shown on the login page. */
export type SessionNotice = "expired" | "forbidden" | "signed-out";

/** `checking`: the page just loaded and asks the server whether its cookie still holds a session. */
export type SessionState = { status: "checking" | "signed-out" | "signed-in"; session: Session | null; notice: SessionNotice | null };

export type SessionStore = {
  getState: () => SessionState;
  subscribe: (listener: () => void) => () => void;
  signIn: (current: CurrentSession) => void;
  signOut: (notice?: SessionNotice) => void;
  /** Ends the session because the server no longer accepts it (a 401, or the socket said so). */
  expire: () => void;
  /** A code was verified again: exports need none until this time. */
  steppedUp: (until: number) => void;
  /** The answer to the page's first question (is the cookie's session still there?); ignored once decided. */
  resolveCheck: (current: CurrentSession | null) => void;
};

export const toSession = (current: CurrentSession): Session => ({
  id: current.session.id,
  operator: current.operator,
  hasFactor: current.hasFactor,
  stepUpUntil: current.stepUpUntil ? Date.parse(current.stepUpUntil) : null,
});

/**
 * The console's knowledge of its session, in memory only: nothing of it in sessionStorage or
 * localStorage (a script injected into the page could read those). A reload asks the server again.
 */
export function createSessionStore(): SessionStore {
  const listeners = new Set<() => void>();
  let state: SessionState = { status: "checking", session: null, notice: null };

  const set = (next: SessionState) => {
    state = next;
    listeners.forEach((listener) => listener());
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    signIn: (current) => set({ status: "signed-in", session: toSession(current), notice: null }),
    signOut: (notice) => set({ status: "signed-out", session: null, notice: notice ?? null }),
    expire() {
      if (state.status === "signed-in") set({ status: "signed-out", session: null, notice: "expired" });
      else if (state.status === "checking") set({ status: "signed-out", session: null, notice: null });
    },
    resolveCheck(current) {
      if (state.status !== "checking") return;
      set(
        current
          ? { status: "signed-in", session: toSession(current), notice: null }
          : { status: "signed-out", session: null, notice: null },
      );
    },
    steppedUp(until) {
      if (state.session) set({ ...state, session: { ...state.session, stepUpUntil: until } });
    },
  };
}
