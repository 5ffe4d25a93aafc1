import { useI18n } from "../i18n/i18n-context";
import { AppLink } from "./app-link";
import { parseRoute, useLocation } from "./router";

/** Users and Audit log; the current one carries aria-current. */
export function MainNav() {
  const { t } = useI18n();
  const current = parseRoute(useLocation().pathname).name;
  const links = [
    { name: "users", href: "/", label: t.navUsers },
    { name: "audit", href: "/audit", label: t.navAudit },
  ] as const;
  return (
    <nav className="main-nav" aria-label={t.navLabel}>
      {links.map((link) => (
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
