import { QueryClient } from "@tanstack/react-query";
import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import { apiBaseUrl } from "../api/api-base-url";
import { ApiError } from "../api/api-error";
import { createHttpClient } from "../api/http-client";
import { createSessionStore, type SessionState, type SessionStore } from "../api/session-store";
import { createUsersApi, type UsersApi } from "../api/users-api";

export type Services = {
  baseUrl: string;
  session: SessionStore;
  api: UsersApi;
  queryClient: QueryClient;
};

export function createServices(baseUrl: string = apiBaseUrl()): Services {
  const session = createSessionStore();
  const http = createHttpClient({ baseUrl, getToken: session.token, onUnauthorized: session.expire });
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not heal by asking again; a 5xx or a network failure might.
        retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  // Personal data does not outlive the session that loaded it.
  session.subscribe(() => {
    if (!session.getState().session) queryClient.clear();
  });
  return { baseUrl, session, api: createUsersApi(http), queryClient };
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
