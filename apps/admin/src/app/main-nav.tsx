import { can, type Permission } from "@moien/contracts";
import { useI18n } from "../i18n/i18n-context";
import { AppLink } from "./app-link";
import { parseRoute, useLocation } from "./router";
import { useSessionState } from "./services";

/** The sections the operator's role may open; the current one carries aria-current. */
export function MainNav() {
  const { t } = useI18n();
  const { session } = useSessionState();
  const current = parseRoute(useLocation().pathname).name;
  const links: { name: string; href: string; label: string; needs?: Permission }[] = [
    { name: "users", href: "/", label: t.navUsers },
    { name: "audit", href: "/audit", label: t.navAudit, needs: "audit.read" },
    { name: "operators", href: "/operators", label: t.navOperators, needs: "operators.manage" },
    { name: "sessions", href: "/sessions", label: t.navSessions },
  ];
  return (
    <nav className="main-nav" aria-label={t.navLabel}>
      {links
        .filter((link) => !link.needs || can(session?.operator.role, link.needs))
        .map((link) => (
          <AppLink
            key={link.name}
            href={link.href}
            className="main-nav__link"
            data-testid={`nav-${link.name}`}
            aria-current={current === link.name ? "page" : undefined}
          >
            {link.label}
          </AppLink>
        ))}
    </nav>
  );
}
