import { QueryClientProvider } from "@tanstack/react-query";
import { LoginPage } from "../auth/login-page";
import { I18nProvider } from "../i18n/i18n-context";
import { UsersPage } from "../users/users-page";
import { ServicesProvider, useSessionState, type Services } from "./services";

function Screen() {
  const { session } = useSessionState();
  return session ? <UsersPage key={session.token} token={session.token} /> : <LoginPage />;
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
