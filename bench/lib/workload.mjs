// What the bench sends: unique registrations, and a paced stream of register/delete requests whose
// start and response times are recorded on the machine-wide clock.
import http from "node:http";
import { now, sleep } from "./procs.mjs";

// Unique across the whole run (email and phone are unique in the store): a random base per run, then a counter.
let sequence = Math.floor(Math.random() * 400_000);
export function nextRegistration() {
  sequence++;
  const n = String(sequence % 1_000_000).padStart(6, "0");
  return {
    fullName: `Bench User ${sequence}`,
    countryCode: "LU",
    phone: `+352691${n}`,
    email: `bench${sequence}.${n}@example.com`,
    password: "correct-horse-1",
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** One HTTP request; `response` is when the status line and headers arrived (first byte of the answer). */
function timedRequest(url, { method, headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const start = now();
    const request = http.request(
      url,
      { method, agent, headers: body ? { "content-type": "application/json", ...headers } : headers },
      (res) => {
        const response = now();
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode, text, start, response, end: now() }));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** How to create and delete on a target: the API's real routes, or a baseline's /emit routes. */
export function apiTarget(api) {
  return {
    create: () => timedRequest(`${api.url}/api/v1/users/register`, { method: "POST", body: JSON.stringify(nextRegistration()) }),
    remove: (id) => timedRequest(`${api.url}/api/v1/users/${id}`, { method: "DELETE", headers: { authorization: `Bearer ${api.token}` } }),
  };
}
/**
 * Several API nodes: pair k (register, then delete that user) registers on node k mod n and deletes on
 * the next node, so events alternate between the nodes, each node serves as many registrations as
 * deletions, and every deletion reaches a node that did not register the user. Responses carry `node`.
 */
export function clusterTarget(nodes) {
  const targets = nodes.map(apiTarget);
  let pair = -1;
  const tag = (node) => (r) => ({ ...r, node });
  return {
    create: () => {
      pair++;
      const node = pair % nodes.length;
      return targets[node].create().then(tag(node));
    },
    remove: (id) => {
      const node = (pair + 1) % nodes.length;
      return targets[node].remove(id).then(tag(node));
    },
  };
}
export function bareTarget(server) {
  return {
    create: () => timedRequest(`${server.url}/emit/created`, { method: "POST", body: "{}" }),
    remove: (id) => timedRequest(`${server.url}/emit/deleted/${id}`, { method: "DELETE" }),
  };
}

/**
 * `count` events paced every `intervalMs`: register, delete that user, register, … Each event becomes a
 * row { key, kind, start, response, status } — the key is what clients see ("c:<id>" / "d:<id>").
 */
export async function runEventStream(target, { count, intervalMs }) {
  const table = [];
  const failures = [];
  const t0 = now() + 50;
  let lastId;
  for (let i = 0; i < count; i++) {
    const wait = t0 + i * intervalMs - now();
    if (wait > 0) await sleep(wait);
    const creating = i % 2 === 0;
    const r = creating ? await target.create() : await target.remove(lastId);
    if (r.status !== (creating ? 201 : 204)) {
      failures.push(`${creating ? "create" : "delete"} → ${r.status} ${r.text.slice(0, 200)}`);
      if (creating) i++; // nothing to delete: skip the pair
      continue;
    }
    if (creating) lastId = JSON.parse(r.text).id;
    // `node`: which API node served the request (cluster scenario only; a target may tag its responses).
    table.push({
      key: `${creating ? "c" : "d"}:${lastId}`,
      kind: creating ? "create" : "delete",
      start: r.start,
      response: r.response,
      status: r.status,
      ...(r.node !== undefined && { node: r.node }),
    });
  }
  return { table, failures, lateMs: Math.max(0, now() - (t0 + count * intervalMs)) };
}
