import { useI18n } from "../../i18n/i18n-context";

/** The visible mark of a suspended user, on rows and in the panel. */
export function SuspensionBadge() {
  const { t } = useI18n();
  return (
    <span className="badge badge--suspended" data-testid="suspended-badge">
      {t.suspended}
    </span>
  );
}
