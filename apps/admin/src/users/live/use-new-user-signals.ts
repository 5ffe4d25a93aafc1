import type { PublicUser } from "@moien/contracts";
import { useCallback, useEffect, useRef, useState } from "react";

const HIGHLIGHT_MS = 2_500;
// Screen readers cannot keep up with a burst: inserts are summed up at most this often.
const ANNOUNCE_EVERY_MS = 1_500;

/** A change to announce: a user put on top, or a row changed in place. */
export type LiveChange = { kind: "created" | "updated"; user: PublicUser };

export type NewUserSignals = {
  highlighted: ReadonlySet<string>;
  /** Changes since the last announcement, handed out at most once per interval. */
  toAnnounce: readonly LiveChange[];
  /** Highlights the rows briefly and queues their announcement. */
  signal: (changes: { inserted: readonly PublicUser[]; updated: readonly PublicUser[] }) => void;
};

export function useNewUserSignals(): NewUserSignals {
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(() => new Set());
  const [toAnnounce, setToAnnounce] = useState<readonly LiveChange[]>([]);
  const pending = useRef<LiveChange[]>([]);
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

  const signal = useCallback(({ inserted, updated }: { inserted: readonly PublicUser[]; updated: readonly PublicUser[] }) => {
    const changes: LiveChange[] = [
      ...inserted.map((user) => ({ kind: "created" as const, user })),
      ...updated.map((user) => ({ kind: "updated" as const, user })),
    ];
    if (changes.length === 0) return;
    const ids = changes.map((change) => change.user.id);
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

    pending.current.push(...changes);
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
