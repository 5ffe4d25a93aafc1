import type { SessionAwareAdapter } from "socket.io-adapter";
import { afterEach, describe, expect, it, vi } from "vitest";
import { expiryCutoffMs, recoveryWindowOf } from "../config/recovery-window";
import { expireReplayBuffer } from "./recovery-window";

describe("the recovery window's expiry", () => {
  afterEach(() => vi.useRealTimers());

  it("should remove what is older than the window minus one interval, so nothing is older than the window when it goes", () => {
    expect(recoveryWindowOf(120_000).expiryIntervalMs).toBe(1_000);
    expect(recoveryWindowOf(2_000).expiryIntervalMs).toBe(500);
    expect(expiryCutoffMs(recoveryWindowOf(120_000), 1_000_000)).toBe(1_000_000 - 120_000 + 1_000);
  });

  it("should prune Socket.IO's in-memory replay buffer on each interval, not once a minute", () => {
    vi.useFakeTimers({ now: 0 });
    const packets: { emittedAt: number }[] = [];
    const adapter = { packets } as unknown as SessionAwareAdapter;
    const timer = expireReplayBuffer(adapter, recoveryWindowOf(4_000));
    packets.push({ emittedAt: 0 }, { emittedAt: 1_500 });
    vi.advanceTimersByTime(2_000); // cutoff 2000 - 4000 + 1000 < 0: both kept
    expect(packets).toHaveLength(2);
    vi.advanceTimersByTime(1_000); // cutoff 0: kept (emittedAt >= cutoff)
    expect(packets).toHaveLength(2);
    vi.advanceTimersByTime(1_000); // cutoff 1000: the first goes, aged 4 s = the window
    expect(packets).toEqual([{ emittedAt: 1_500 }]);
    vi.advanceTimersByTime(1_000);
    expect(packets).toEqual([]);
    clearInterval(timer);
  });

  it("should find the buffer where socket.io-adapter keeps it (a private field: fails if an upgrade moves it)", async () => {
    const { SessionAwareAdapter: Adapter } = await import("socket.io-adapter");
    const nsp = { server: { opts: { connectionStateRecovery: { maxDisconnectionDuration: 1_000 } }, encoder: {} } };
    const adapter = new Adapter(nsp);
    expect(Array.isArray((adapter as unknown as { packets: unknown }).packets)).toBe(true);
  });
});
