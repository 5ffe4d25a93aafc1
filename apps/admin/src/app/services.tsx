import { createUsersClient, type UsersClient } from "@moien/contracts/client";
import { QueryClient } from "@tanstack/react-query";
import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import { apiBaseUrl } from "../api/api-base-url";
import { isApiError } from "../api/api-errors";
import { createSessionFetch } from "../api/session-fetch";
import { createSessionStore, type SessionState, type SessionStore } from "../api/session-store";

export type Services = {
  baseUrl: string;
  session: SessionStore;
  /** The contracts' typed client: every REST call of the dashboard goes through it. */
  api: UsersClient;
  /** A client of its own over the same session fetch, for calls that need the raw answer (export's Retry-After). */
  clientWith: (observe: (response: Response) => void) => UsersClient;
  queryClient: QueryClient;
};

export function createServices(baseUrl: string = apiBaseUrl(), { checkSession = true }: { checkSession?: boolean } = {}): Services {
  const session = createSessionStore();
  const sessionFetch = createSessionFetch({ onUnauthorized: session.expire });
  // No token: the browser sends the session's HttpOnly cookie with every request (credentials: include).
  const clientWith = (observe: (response: Response) => void) =>
    createUsersClient(baseUrl, {
      fetch: async (input, init) => {
        const response = await sessionFetch(input, init);
        observe(response);
        return response;
      },
    });
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not heal by asking again; a 5xx or a network failure might.
        retry: (failures, error) => !(isApiError(error) && error.status < 500) && failures < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  // Personal data does not outlive the session that loaded it.
  session.subscribe(() => {
    if (session.getState().status === "signed-out") queryClient.clear();
  });
  const api = createUsersClient(baseUrl, { fetch: sessionFetch });
  // A reload keeps the cookie, not the page's memory: ask the server whether the session still holds.
  if (checkSession) api.currentSession().then(session.resolveCheck, () => session.resolveCheck(null));
  return { baseUrl, session, api, clientWith, queryClient };
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error("useServices must be used inside <ServicesProvider>");
  return services;
}

export function useSessionState(): SessionState {
  const { session } = useServices();
  return useSyncExternalStore(session.subscribe, session.getState);
}
