import { QueryClientProvider } from "@tanstack/react-query";
import { AuditPage } from "../audit/audit-page";
import { LoginPage } from "../auth/login-page";
import { I18nProvider } from "../i18n/i18n-context";
import { UsersPage } from "../users/users-page";
import { parseRoute, useLocation } from "./router";
import { ServicesProvider, useSessionState, type Services } from "./services";

function Screen() {
  const { session } = useSessionState();
  const route = parseRoute(useLocation().pathname);
  // Signed out, any address shows the sign-in; it is kept, so a deep link opens after signing in.
  if (!session) return <LoginPage />;
  if (route.name === "audit") return <AuditPage key={session.token} />;
  return <UsersPage key={session.token} token={session.token} userId={route.userId} />;
}

export function App({ services }: { services: Services }) {
  return (
    <ServicesProvider services={services}>
      <QueryClientProvider client={services.queryClient}>
        <I18nProvider>
          <Screen />
        </I18nProvider>
      </QueryClientProvider>
    </ServicesProvider>
  );
}
