import type { ReactNode } from "react";
import { useI18n } from "../i18n/i18n-context";
import { LanguageSwitch } from "../i18n/language-switch";
import { MainNav } from "./main-nav";
import { useServices } from "./services";

/** The top bar; signed in, it carries the section links and the sign-out button. */
export function AppHeader({ children, signedIn = false }: { children?: ReactNode; signedIn?: boolean }) {
  const { t } = useI18n();
  const { session, api } = useServices();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand__mark" aria-hidden="true">
          M
        </span>
        <span className="brand__name">{t.appTitle}</span>
      </div>
      {signedIn && <MainNav />}
      <div className="app-header__tools">
        {children}
        <LanguageSwitch />
        {signedIn && (
          <button
            type="button"
            className="button button--quiet"
            data-testid="sign-out"
            // The server ends the session (token, cookie, sockets); the page forgets it whatever the answer.
            onClick={() => void api.logout().finally(() => session.signOut("signed-out"))}
          >
            {t.signOut}
          </button>
        )}
      </div>
    </header>
  );
}
