import { EventEmitter } from "node:events";
import { Injectable } from "@nestjs/common";
import type { UsersEventName, UsersEventPayload } from "@moien/contracts";

export type UserEventListener = <E extends UsersEventName>(name: E, payload: UsersEventPayload<E>) => void;

/**
 * Domain events of the users feature, published by the service after the commit.
 * The service knows nothing of sockets; the gateway subscribes and broadcasts.
 */
@Injectable()
export class UserEvents {
  private readonly emitter = new EventEmitter();

  publish<E extends UsersEventName>(name: E, payload: UsersEventPayload<E>): void {
    this.emitter.emit("event", name, payload);
  }

  subscribe(listener: UserEventListener): () => void {
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }
}
