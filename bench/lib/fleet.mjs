// The client fleet: a few forked processes (bench/clients/fleet-worker.mjs) holding the sockets, so the
// clients do not share one event loop with the orchestrator that times the requests.
import { fileURLToPath } from "node:url";
import { concat } from "./stats.mjs";
import { isShuttingDown, sleep, spawnNode, stopChild } from "./procs.mjs";

const WORKER = fileURLToPath(new URL("../clients/fleet-worker.mjs", import.meta.url));

export class Fleet {
  /** `target` = { url, mode: "sio" | "ws", token? } */
  constructor(target, processes = 4) {
    this.target = target;
    this.seq = 0;
    this.pending = new Map();
    this.workers = Array.from({ length: processes }, (_, i) => {
      const child = spawnNode(WORKER, { ipc: true, name: `fleet-${i}` });
      // A send on a closed channel (the worker was stopped at cleanup, e.g. on Ctrl-C) is reported
      // through `ask`'s callback; this keeps any other channel error from crashing the orchestrator.
      child.on("error", () => {});
      child.on("message", (reply) => {
        this.pending.get(reply.seq)?.resolve(reply);
        this.pending.delete(reply.seq);
      });
      child.exited.then(({ code, signal }) => {
        if (this.stopping || isShuttingDown()) return;
        // A dead client process would leave its requests unanswered: fail the run instead of hanging.
        const error = new Error(`fleet worker ${i} exited (${code ?? signal}):\n${child.output()}`);
        for (const { reject } of this.pending.values()) reject(error);
        this.pending.clear();
      });
      return child;
    });
    this.size = 0;
  }

  ask(worker, cmd, body = {}) {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      if (!worker.connected) return reject(new Error(`fleet worker ${worker.pid} is gone (${cmd})`));
      this.pending.set(seq, { resolve, reject });
      worker.send({ seq, cmd, ...body }, (error) => {
        if (!error) return;
        this.pending.delete(seq);
        reject(error);
      });
    });
  }
  all(cmd, body) {
    return Promise.all(this.workers.map((w) => this.ask(w, cmd, body)));
  }

  /** Grows the fleet to `total` connected sockets, spread evenly over the processes. */
  async connectTo(total, concurrency = 50) {
    const add = total - this.size;
    if (add <= 0) return { ok: 0, failed: 0, errors: {}, ms: 0 };
    const share = this.workers.map((_, i) => Math.floor(add / this.workers.length) + (i < add % this.workers.length ? 1 : 0));
    const started = performance.now();
    const replies = await Promise.all(this.workers.map((w, i) => this.ask(w, "connect", { ...this.target, count: share[i], concurrency })));
    const errors = {};
    for (const r of replies) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
    const ok = replies.reduce((s, r) => s + r.ok, 0);
    this.size += ok;
    return { ok, failed: add - ok, errors, ms: performance.now() - started };
  }

  pids() {
    return this.workers.map((w) => w.pid);
  }

  reset(record = true) {
    return this.all("reset", { record });
  }

  async counts() {
    const replies = await this.all("count");
    const sum = (k) => replies.reduce((s, r) => s + r[k], 0);
    return {
      received: sum("received"),
      duplicates: sum("duplicates"),
      unexpectedDisconnects: sum("unexpectedDisconnects"),
      sockets: sum("sockets"),
    };
  }

  /** Waits until `expected` deliveries arrived (then `afterMs` quiet), or nothing new arrived for `quietMs`, or `timeoutMs`. */
  settle(expected, options) {
    return settleCounts(() => this.counts(), expected, options);
  }

  /** Per-delivery latencies against `table` ([{ key, start, response }]), merged over the processes. */
  async collect(table) {
    const replies = await this.all("collect", { table });
    const delivered = table.map((_, i) => replies.reduce((s, r) => s + r.delivered[i], 0));
    return {
      fromResponse: concat(replies.map((r) => r.fromResponse)),
      fromStart: concat(replies.map((r) => r.fromStart)),
      byKind: Object.fromEntries(
        [...new Set(replies.flatMap((r) => Object.keys(r.byKind)))].map((kind) => [kind, concat(replies.map((r) => r.byKind[kind] ?? []))]),
      ),
      delivered,
      duplicates: replies.reduce((s, r) => s + r.duplicates, 0),
      unknown: replies.reduce((s, r) => s + r.unknown, 0),
    };
  }

  async closeSockets() {
    await this.all("close");
    this.size = 0;
  }

  async stop() {
    this.stopping = true;
    await Promise.all(
      this.workers.map(async (w) => {
        w.disconnect?.();
        await stopChild(w, 3_000);
      }),
    );
  }
}

/**
 * Polls `counts()` until `expected` deliveries arrived and nothing more came for `afterMs` (late extras
 * count too), or nothing new arrived for `quietMs`, or `timeoutMs` passed. Works for one fleet or the sum of several.
 */
export async function settleCounts(counts, expected, { quietMs = 3_000, timeoutMs = 60_000, afterMs = 500 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const c = await counts();
    if (c.received !== last) {
      last = c.received;
      lastChange = Date.now();
    }
    if (c.received >= expected && Date.now() - lastChange > afterMs) return c;
    if (Date.now() - lastChange > quietMs || Date.now() > deadline) return c;
    await sleep(100);
  }
}
