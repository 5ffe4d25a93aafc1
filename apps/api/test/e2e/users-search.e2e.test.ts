import { type PublicUser, searchDocument, UsersCountSchema, UsersPageSchema } from "@moien/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, useAppOn } from "../support/backends";
import { aRegistration, registeredUser } from "../support/factories";
import { expectProblem } from "../support/problem";

let tagSequence = 0;
/** A word no other test's users contain, so each test sees only its own users. */
const aTag = () => `tag${Date.now().toString(36)}${(tagSequence++).toString(36)}x`;
const frenchPhone = () => `+33612${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;

describe.each(BACKENDS)("users search, filters and count on %s storage", (backend) => {
  const ctx = useAppOn(backend);

  const get = (path: string, token = ctx.adminToken) => ctx.http.request("GET", path, { token });
  const list = async (query: Record<string, string>) => {
    const response = await get(`/api/v1/users?${new URLSearchParams(query).toString()}`);
    expect(response.status, response.text).toBe(200);
    return UsersPageSchema.parse(response.body);
  };
  const ids = async (query: Record<string, string>) => (await list({ limit: "100", ...query })).items.map((u) => u.id);
  const count = async (query: Record<string, string>) => {
    const response = await get(`/api/v1/users/count?${new URLSearchParams(query).toString()}`);
    expect(response.status, response.text).toBe(200);
    return UsersCountSchema.parse(response.body).total;
  };
  const register = async (overrides: Parameters<typeof aRegistration>[0]) => {
    const response = await ctx.http.register(aRegistration(overrides));
    expect(response.status, response.text).toBe(201);
    return response.body;
  };
  /** Every page of a query, following nextCursor. */
  const allPages = async (query: Record<string, string>) => {
    const seen: PublicUser[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list({ ...query, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    return { seen, pages };
  };

  describe("q, by the contract's rules", () => {
    const people: Record<string, PublicUser> = {};
    const tag = aTag();

    beforeAll(async () => {
      people.ahmed = await register({ fullName: `أحمد ${tag} الهاشمي`, email: `${tag}.a@example.com` });
      people.mohamed = await register({ fullName: `مُحَمَّد ${tag}`, email: `${tag}.m@example.com` });
      people.muller = await register({ fullName: `Jürgen Müller ${tag}`, email: `${tag}.j@example.com` });
      people.jose = await register({ fullName: `José Álvarez ${tag}`, email: `${tag}.jose@Example.org`, phone: "+352 691 777 001" });
      people.fatima = await register({ fullName: `فاطمة ${tag}`, email: `${tag}.f@example.com` });
    });

    it.each([
      ["احمد", "ahmed"],
      ["أحمد", "ahmed"],
      ["إحمد", "ahmed"],
      ["محمد", "mohamed"],
      ["مـحـمد", "mohamed"],
      ["muller", "muller"],
      ["MÜLLER", "muller"],
      ["jurgen mul", "muller"],
      ["jose", "jose"],
      ["josé álv", "jose"],
      ["فاطمه", "fatima"],
      ["٦٩١٧٧٧٠٠١", "jose"],
      ["+352 691 777 001", "jose"],
      ["(691) 777-001", "jose"],
      ["@example.org", "jose"],
    ])("should find the user when q=%j", async (q, who) => {
      expect(await ids({ q })).toContain(people[who]!.id);
    });

    it("should not find users whose fields do not contain q", async () => {
      expect(await ids({ q: `${tag} zzqx` })).toEqual([]);
      expect(await ids({ q: "100%_\\" })).toEqual([]);
      expect(await count({ q: `zz${tag}` })).toBe(0);
    });

    it("should count exactly the users q finds", async () => {
      expect(await count({ q: tag })).toBe(5);
      expect(await count({ q: `${tag}.` })).toBe(5);
      expect(await count({ q: `مُحَمَّد ${tag}` })).toBe(1);
      expect(await ids({ q: tag })).toHaveLength(5);
    });

    it("should answer 1 and 2 character searches", async () => {
      const page = await list({ q: "ü", limit: "100" });
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.every((u) => searchDocument(u).includes("u"))).toBe(true);
      expect(await ids({ q: "mu" })).toContain(people.muller!.id);
      expect(await ids({ q: "ـ" })).not.toHaveLength(0); // folds to nothing: every user
    });

    it("should never list or count an admin", async () => {
      expect(await ids({ q: ctx.app.admin.email })).toEqual([]);
      expect(await count({ q: ctx.app.admin.email })).toBe(0);
    });
  });

  describe("order and cursors", () => {
    it("should page newest first and oldest first without gaps or repeats", async () => {
      const tag = aTag();
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await register({ fullName: `Pager ${tag} ${i}` })).id);
      const newest = await allPages({ q: tag, limit: "2" });
      expect(newest.pages).toBe(3);
      expect(newest.seen.map((u) => u.id)).toEqual([...created].reverse());
      const oldest = await allPages({ q: tag, limit: "2", order: "oldest" });
      expect(oldest.pages).toBe(3);
      expect(oldest.seen.map((u) => u.id)).toEqual(created);
    });

    it("should page the whole list in both orders, with no q", async () => {
      for (let i = 0; i < 3; i++) await register({});
      const total = await count({});
      const newest = await allPages({ limit: "100" });
      const oldest = await allPages({ limit: "100", order: "oldest" });
      expect(newest.seen).toHaveLength(total);
      expect(new Set(newest.seen.map((u) => u.id)).size).toBe(total);
      expect(oldest.seen.map((u) => u.id)).toEqual(newest.seen.map((u) => u.id).reverse());
      const times = newest.seen.map((u) => u.createdAt);
      expect(times).toEqual([...times].sort().reverse());
    });

    it("should answer 400 on cursor when a cursor is used with other filters or another order", async () => {
      const tag = aTag();
      for (let i = 0; i < 3; i++) await register({ fullName: `Cursor ${tag} ${i}` });
      const { nextCursor } = await list({ q: tag, limit: "1" });
      expect(nextCursor).not.toBeNull();
      const cursor = nextCursor!;
      // The same filters written another way are the same filters.
      expect((await list({ q: `  ${tag.toUpperCase()} `, limit: "1", cursor })).items).toHaveLength(1);
      const others: Record<string, string>[] = [
        { q: `${tag}0` },
        { q: tag, order: "oldest" },
        { q: tag, country: "LU" },
        { q: tag, registeredFrom: "2020-01-01" },
        {},
      ];
      for (const other of others) {
        const problem = expectProblem(await get(`/api/v1/users?${new URLSearchParams({ ...other, limit: "1", cursor }).toString()}`), 400);
        expect(problem.errors?.map((e) => e.field)).toEqual(["cursor"]);
      }
    });
  });

  describe("country and registration dates", () => {
    it("should filter by one or several countries, in any case, and count them", async () => {
      const tag = aTag();
      const lu = await register({ fullName: `Lux ${tag}` });
      const fr = await register({ fullName: `Fra ${tag}`, countryCode: "FR", phone: frenchPhone() });
      expect(await ids({ q: tag, country: "lu" })).toEqual([lu.id]);
      expect(await ids({ q: tag, country: "FR" })).toEqual([fr.id]);
      expect(await ids({ q: tag, country: "FR, lu" })).toEqual([fr.id, lu.id]);
      expect(await ids({ q: tag, country: "DE" })).toEqual([]);
      expect(await count({ q: tag, country: "lu,fr" })).toBe(2);
      expect(await count({ q: tag, country: "FR" })).toBe(1);
      const all = await allPages({ country: "FR,LU", limit: "2", order: "oldest" });
      expect(all.seen.every((u) => u.countryCode === "FR" || u.countryCode === "LU")).toBe(true);
      expect(all.seen.map((u) => u.id)).toContain(fr.id);
      expect(await count({ country: "FR" })).toBe((await allPages({ country: "FR", limit: "100" })).seen.length);
    });

    it("should take registeredFrom inclusive and registeredTo exclusive", async () => {
      const tag = aTag();
      const first = await register({ fullName: `Dates ${tag} a` });
      const second = await register({ fullName: `Dates ${tag} b` });
      const third = await register({ fullName: `Dates ${tag} c` });
      expect(await ids({ q: tag, registeredFrom: second.createdAt, registeredTo: third.createdAt })).toEqual([second.id]);
      expect(await ids({ q: tag, registeredFrom: second.createdAt })).toEqual([third.id, second.id]);
      expect(await ids({ q: tag, registeredTo: second.createdAt })).toEqual([first.id]);
      const day = first.createdAt.slice(0, 10);
      const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
      expect(await count({ q: tag, registeredFrom: "2020-01-01", registeredTo: "2020-02-01" })).toBe(0);
      expect(await count({ q: tag, registeredFrom: `${day}T00:00:00+00:00`, registeredTo: next })).toBe(
        [first, second, third].filter((u) => u.createdAt.startsWith(day)).length,
      );
      expect(await count({ q: tag, registeredFrom: second.createdAt })).toBe(2);
      expect(await count({ registeredTo: "2020-01-01" })).toBe(0);
    });
  });

  describe("bad queries and access", () => {
    it.each([
      ["country=LUX", "country"],
      ["country=", "country"],
      ["country=L1", "country"],
      ["registeredFrom=yesterday", "registeredFrom"],
      ["registeredTo=2026-13-01", "registeredTo"],
      ["registeredFrom=2026-02-02&registeredTo=2026-02-01", "registeredTo"],
      ["order=random", "order"],
      [`q=${"x".repeat(101)}`, "q"],
      ["q=a%00b", "q"],
    ])("should answer 400 naming the field when %s", async (query, field) => {
      const listed = expectProblem(await get(`/api/v1/users?${query}`), 400);
      expect(listed.errors?.map((e) => e.field)).toContain(field);
      if (field !== "order") {
        const counted = expectProblem(await get(`/api/v1/users/count?${query}`), 400);
        expect(counted.errors?.map((e) => e.field)).toContain(field);
      }
    });

    it("should answer 401 without a valid token and 403 for a user on count", async () => {
      expectProblem(await ctx.http.request("GET", "/api/v1/users/count"), 401);
      expectProblem(await get("/api/v1/users/count", "not.a.token"), 401);
      const { token } = await registeredUser(ctx.http);
      expectProblem(await get("/api/v1/users/count", token), 403);
      expectProblem(await get("/api/v1/users?country=LU", token), 403);
    });
  });
});
