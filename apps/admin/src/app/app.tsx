import { can } from "@moien/contracts";
import { QueryClientProvider } from "@tanstack/react-query";
import { AuditPage } from "../audit/audit-page";
import { LoginPage } from "../auth/login-page";
import { I18nProvider, useI18n } from "../i18n/i18n-context";
import { OperatorsPage } from "../operators/operators-page";
import { SessionsPage } from "../sessions/sessions-page";
import { UsersPage } from "../users/users-page";
import { parseRoute, useLocation } from "./router";
import { ServicesProvider, useSessionState, type Services } from "./services";

function Screen() {
  const { status, session } = useSessionState();
  const { t } = useI18n();
  const route = parseRoute(useLocation().pathname);
  if (status === "checking") {
    return (
      <p className="page-status" role="status">
        {t.loading}
      </p>
    );
  }
  // Signed out, any address shows the sign-in; it is kept, so a deep link opens after signing in.
  if (!session) return <LoginPage />;
  const { role } = session.operator;
  // A page the role may not use shows the users list instead (the server would answer 403 anyway).
  if (route.name === "audit" && can(role, "audit.read")) return <AuditPage key={session.id} />;
  if (route.name === "operators" && can(role, "operators.manage")) return <OperatorsPage key={session.id} />;
  if (route.name === "sessions") return <SessionsPage key={session.id} />;
  return <UsersPage key={session.id} sessionId={session.id} userId={route.name === "users" ? route.userId : null} />;
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
