import type { ReactNode } from "react";
import { useI18n } from "../i18n/i18n-context";
import { LanguageSwitch } from "../i18n/language-switch";

export function AppHeader({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand__mark" aria-hidden="true">M</span>
        <span className="brand__name">{t.appTitle}</span>
      </div>
      <div className="app-header__tools">
        {children}
        <LanguageSwitch />
      </div>
    </header>
  );
}
