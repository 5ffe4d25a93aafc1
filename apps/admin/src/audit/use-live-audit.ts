import { AuditEntrySchema } from "@moien/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { createAuditSocket } from "../api/socket-client";
import { useServices } from "../app/services";
import { prependEntry, type AuditData } from "./live-audit";

/**
 * Follows the `/audit` namespace while the audit page is open: each committed entry appears on top of
 * the shown log at once. After a reconnect that could not replay what it missed, the log reloads.
 */
export function useLiveAudit(queryKey: readonly unknown[], action: string | null): void {
  const { baseUrl } = useServices();
  const client = useQueryClient();
  useEffect(() => {
    const socket = createAuditSocket(baseUrl);
    socket.on("connect", () => {
      if (!socket.recovered) void client.invalidateQueries({ queryKey });
    });
    socket.on("audit.created", (payload: unknown) => {
      const parsed = AuditEntrySchema.safeParse(payload);
      if (parsed.success) client.setQueryData<AuditData>(queryKey, (data) => prependEntry(data, parsed.data, action));
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
    // queryKey is derived from action: one socket per shown filter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [baseUrl, client, action]);
}
