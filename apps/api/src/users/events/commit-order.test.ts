import { describe, expect, it } from "vitest";
import { CommitOrder } from "./commit-order";

const event = (id: number) => ({ id });

describe("CommitOrder", () => {
  it("should pass a commit through at once when no transaction of this node holds a lower id", () => {
    const order = new CommitOrder<{ id: number }>();
    order.opened(1);
    expect(order.ended([1], [event(1)])).toEqual([event(1)]);
  });

  it("should hold a commit that arrives before a lower id's, then release both in id order", () => {
    const order = new CommitOrder<{ id: number }>();
    order.opened(5);
    order.opened(6);
    expect(order.ended([6], [event(6)])).toEqual([]);
    expect(order.ended([5], [event(5)])).toEqual([event(5), event(6)]);
  });

  it("should release what waited when the lower id's transaction rolls back", () => {
    const order = new CommitOrder<{ id: number }>();
    order.opened(5);
    order.opened(6);
    order.opened(7);
    expect(order.ended([7], [event(7)])).toEqual([]);
    expect(order.ended([5], [])).toEqual([]); // 6 is still open
    expect(order.ended([6], [])).toEqual([event(7)]);
  });

  it("should not hold events below the lowest open id, and keep a transaction's several events together", () => {
    const order = new CommitOrder<{ id: number }>();
    order.opened(2);
    order.opened(3);
    order.opened(9);
    expect(order.ended([2, 3], [event(2), event(3)])).toEqual([event(2), event(3)]);
    expect(order.ended([9], [event(9)])).toEqual([event(9)]);
  });
});

describe("CommitOrder with a single statement in flight", () => {
  it("should hold later ids until the statement answers, and pass ids it cannot precede", () => {
    const order = new CommitOrder<{ id: number }>();
    order.opened(4);
    expect(order.ended([4], [event(4)])).toEqual([event(4)]);
    const statement = order.openedStatement(); // its id will be above 4
    order.opened(6);
    expect(order.ended([6], [event(6)])).toEqual([]); // 6 may have been taken after the statement's
    expect(order.ended([statement], [event(5)])).toEqual([event(5), event(6)]);
  });

  it("should let two statements opened at the same moment end one at a time", () => {
    const order = new CommitOrder<{ id: number }>();
    const [a, b] = [order.openedStatement(), order.openedStatement()];
    expect(order.ended([a], [event(2)])).toEqual([]);
    expect(order.ended([b], [event(1)])).toEqual([event(1), event(2)]);
  });
});
