/**
 * Puts the events this node commits back in outbox id order before they are handed to the sockets.
 * Ids are taken when an event is written; two writes that touch the same user are serialised by the
 * row's lock, so the later one's id is the higher. Their commits, though, can reach this process in
 * either order (two pool connections): an event waits here while a write of this node that may hold
 * a lower id is still open, and goes once that write has committed or rolled back.
 * An open write is known by a bound, the lowest id its events can have: a transaction's first event's
 * id; for a single statement, whose id is only known once it answers, just above every id seen so far.
 */
export class CommitOrder<E extends { id: number }> {
  private readonly open = new Map<number, number>(); // bound → how many open writes have it
  private highestSeen = 0;
  private waiting: E[] = [];

  /** A transaction wrote an event under `id` and has not ended yet. Returns its bound. */
  opened(id: number): number {
    this.highestSeen = Math.max(this.highestSeen, id);
    return this.add(id);
  }

  /** A statement that will write an event is on its way, its id not known yet. Returns its bound. */
  openedStatement(): number {
    return this.add(this.highestSeen + 0.5);
  }

  /**
   * Writes ended: `bounds` are theirs, `committed` their events when they committed (none when they
   * rolled back). Returns every event that may go now, in id order.
   */
  ended(bounds: readonly number[], committed: readonly E[]): E[] {
    for (const bound of bounds) {
      const left = (this.open.get(bound) ?? 1) - 1;
      if (left > 0) this.open.set(bound, left);
      else this.open.delete(bound);
    }
    for (const event of committed) this.highestSeen = Math.max(this.highestSeen, event.id);
    if (committed.length > 0) this.waiting = [...this.waiting, ...committed].sort((a, b) => a.id - b.id);
    let lowestOpen = Infinity;
    for (const bound of this.open.keys()) lowestOpen = Math.min(lowestOpen, bound);
    const blocked = this.waiting.findIndex((event) => event.id > lowestOpen);
    return this.waiting.splice(0, blocked === -1 ? this.waiting.length : blocked);
  }

  private add(bound: number): number {
    this.open.set(bound, (this.open.get(bound) ?? 0) + 1);
    return bound;
  }
}
