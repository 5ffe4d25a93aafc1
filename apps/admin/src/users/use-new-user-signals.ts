import type { PublicUser } from "@moien/contracts";
import { useCallback, useEffect, useRef, useState } from "react";

const HIGHLIGHT_MS = 2_500;
// Screen readers cannot keep up with a burst: inserts are summed up at most this often.
const ANNOUNCE_EVERY_MS = 1_500;

export type NewUserSignals = {
  highlighted: ReadonlySet<string>;
  /** Users inserted since the last announcement, handed out at most once per interval. */
  toAnnounce: readonly PublicUser[];
  signal: (users: readonly PublicUser[]) => void;
};

export function useNewUserSignals(): NewUserSignals {
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(() => new Set());
  const [toAnnounce, setToAnnounce] = useState<readonly PublicUser[]>([]);
  const pending = useRef<PublicUser[]>([]);
  const announceTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastAnnounce = useRef(0);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const active = timers.current;
    return () => {
      clearTimeout(announceTimer.current);
      active.forEach(clearTimeout);
    };
  }, []);

  const signal = useCallback((users: readonly PublicUser[]) => {
    if (users.length === 0) return;
    const ids = users.map((user) => user.id);
    setHighlighted((previous) => new Set([...previous, ...ids]));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setHighlighted((previous) => {
        const next = new Set(previous);
        ids.forEach((id) => next.delete(id));
        return next;
      });
    }, HIGHLIGHT_MS);
    timers.current.add(timer);

    pending.current.push(...users);
    if (announceTimer.current !== undefined) return;
    const wait = Math.max(0, lastAnnounce.current + ANNOUNCE_EVERY_MS - Date.now());
    announceTimer.current = setTimeout(() => {
      announceTimer.current = undefined;
      lastAnnounce.current = Date.now();
      setToAnnounce(pending.current);
      pending.current = [];
    }, wait);
  }, []);

  return { highlighted, toAnnounce, signal };
}
