import type { Namespace } from "socket.io";

/** An event for every socket of a namespace: its outbox id, the contract's event name, the payload. */
export type NamespaceEvent = { id: number; name: string; payload: unknown };

// socket.io-parser's PacketType.EVENT
const EVENT_PACKET = 2;

/**
 * Sends one event to every socket of `nsp` — this node's only (`local`), or every node's — and resolves
 * once the cluster has it (the Redis adapter's promise; at once on one node). Through the adapter
 * rather than `emit`: `sliced` lets HTTP requests interleave with a large fan-out
 * (sliced-broadcast.ts), and `eventId` makes each node deliver an event sent twice only once
 * (once-per-event.ts). Nothing outside this folder builds packets or sets these flags.
 */
export async function broadcastEvent(nsp: Namespace, { id, name, payload }: NamespaceEvent, { local }: { local: boolean }): Promise<void> {
  const packet = { type: EVENT_PACKET, data: [name, payload], nsp: nsp.name };
  await Promise.resolve<unknown>(
    nsp.adapter.broadcast(packet, { rooms: new Set(), except: new Set(), flags: { local, sliced: true, eventId: id } }),
  );
}
