import { useI18n } from "../i18n/i18n-context";
import type { ConnectionStatus } from "./live/use-users-socket";

export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const { t } = useI18n();
  const label =
    status.state === "live"
      ? t.connectionLive
      : status.state === "offline"
        ? t.connectionOffline
        : status.everConnected
          ? t.connectionReconnecting
          : t.connectionConnecting;
  return (
    <p className="connection" role="status" data-testid="connection-state" data-state={status.state}>
      <span className="connection__dot" aria-hidden="true" />
      {label}
    </p>
  );
}
