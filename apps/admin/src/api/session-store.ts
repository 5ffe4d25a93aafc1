import type { LoginResponse } from "@moien/contracts";

export type Session = { token: string; expiresAt: number };

/** Why the last session ended, shown on the login page. */
export type SessionNotice = "expired" | "forbidden";

export type SessionState = { session: Session | null; notice: SessionNotice | null };

export type SessionStore = {
  getState: () => SessionState;
  subscribe: (listener: () => void) => () => void;
  signIn: (response: LoginResponse) => void;
  signOut: (notice?: SessionNotice) => void;
  /** Ends the session because the server no longer accepts its token. */
  expire: () => void;
  token: () => string | null;
};

const STORAGE_KEY = "moien.admin.session";
// setTimeout fires at once for delays above 2^31-1 ms; longer waits are chained.
const MAX_TIMER_MS = 2_147_483_647;

export type SessionStoreOptions = { storage?: Storage; now?: () => number };

export function createSessionStore({ storage = sessionStorage, now = Date.now }: SessionStoreOptions = {}): SessionStore {
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let state: SessionState = { session: null, notice: null };

  const set = (next: SessionState) => {
    state = next;
    listeners.forEach((listener) => listener());
  };

  const schedule = () => {
    clearTimeout(timer);
    const session = state.session;
    if (!session) return;
    const delay = session.expiresAt - now();
    if (delay <= 0) return end("expired");
    timer = setTimeout(schedule, Math.min(delay, MAX_TIMER_MS));
  };

  const end = (notice: SessionNotice | null) => {
    clearTimeout(timer);
    try {
      storage.removeItem(STORAGE_KEY);
    } catch {
      // nothing stored
    }
    if (state.session || state.notice !== notice) set({ session: null, notice });
  };

  const restored = readSession(storage);
  if (restored && restored.expiresAt > now()) {
    state = { session: restored, notice: null };
    schedule();
  } else if (restored) {
    end("expired");
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    signIn({ accessToken, expiresIn }) {
      const session = { token: accessToken, expiresAt: now() + expiresIn * 1000 };
      try {
        storage.setItem(STORAGE_KEY, JSON.stringify(session));
      } catch {
        // the session then lasts as long as the tab
      }
      set({ session, notice: null });
      schedule();
    },
    signOut: (notice) => end(notice ?? null),
    expire() {
      if (state.session) end("expired");
    },
    token: () => state.session?.token ?? null,
  };
}

function readSession(storage: Storage): Session | null {
  try {
    const value: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? "null");
    if (
      typeof value === "object" &&
      value !== null &&
      "token" in value &&
      "expiresAt" in value &&
      typeof value.token === "string" &&
      typeof value.expiresAt === "number"
    ) {
      return { token: value.token, expiresAt: value.expiresAt };
    }
  } catch {
    // corrupt entry: treated as no session
  }
  return null;
}
