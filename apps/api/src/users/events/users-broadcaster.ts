import type { UsersEventName } from "@moien/contracts";

/** A committed event on its way to the sockets: its outbox id, the contract's event name and payload. */
export type RelayedEvent = { id: number; name: UsersEventName; payload: unknown };

/**
 * What the relay needs from the socket side, implemented by `UsersSockets`: the relay decides what
 * goes out and when; the broadcaster knows how to reach the sockets.
 */
export type UsersBroadcaster = {
  /** To every admin socket of every node; resolves once the cluster has it (at once on one node). */
  publish(event: RelayedEvent): Promise<void>;
  /** To this node's sockets only: what a node cut off from Redis still delivers itself. */
  deliverLocally(event: RelayedEvent): void;
  /** Resolves once what this node published has reached its own sockets (in a cluster, read back from the stream). */
  settled(): Promise<void>;
};

export const USERS_BROADCASTER = Symbol("USERS_BROADCASTER");
