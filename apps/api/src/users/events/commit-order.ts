/**
 * Puts the events this node's transactions commit back in outbox id order before they are handed to
 * the sockets. Ids are taken when an event is written, inside its transaction; two transactions that
 * touch the same user are serialised by the row's lock, so the later one's id is the higher. Their
 * commits, though, can reach this process in either order (two pool connections): an event waits
 * here while a transaction of this node that wrote a lower id is still open, and goes once that one
 * has committed or rolled back.
 */
export class CommitOrder<E extends { id: number }> {
  private readonly open = new Set<number>();
  private waiting: E[] = [];

  /** An event was written under `id` by a transaction that has not ended yet. */
  opened(id: number): void {
    this.open.add(id);
  }

  /**
   * A transaction ended: `ids` are the events it wrote, `committed` those events when it committed
   * (none when it rolled back). Returns every event that may go now, in id order.
   */
  ended(ids: readonly number[], committed: readonly E[]): E[] {
    for (const id of ids) this.open.delete(id);
    if (committed.length > 0) this.waiting = [...this.waiting, ...committed].sort((a, b) => a.id - b.id);
    let lowestOpen = Infinity;
    for (const id of this.open) lowestOpen = Math.min(lowestOpen, id);
    const blocked = this.waiting.findIndex((event) => event.id > lowestOpen);
    return this.waiting.splice(0, blocked === -1 ? this.waiting.length : blocked);
  }
}
