// The same wire shapes as the API's events (a PublicUser and { id }), built without validation or storage.
import { randomUUID } from "node:crypto";

let sequence = 0;
export function publicUser() {
  sequence++;
  const n = String(sequence).padStart(6, "0");
  return {
    id: randomUUID(),
    fullName: `Ahmed Mohamed Ali ${sequence}`,
    countryCode: "LU",
    countryName: "Luxembourg",
    phone: `+352691${n}`,
    email: `user${sequence}@example.com`,
    createdAt: new Date().toISOString(),
  };
}

/**
 * The tiny HTTP surface shared by both baselines: GET /health, POST /emit/created (201 + the user),
 * DELETE /emit/deleted/<id> (204). The response is written first and the broadcast follows, as in the
 * API, where the relay broadcasts after the request has been answered.
 */
// Time spent inside each broadcast call (the event loop is blocked meanwhile), read and reset by GET /stats.
let emits = { count: 0, sumMs: 0, maxMs: 0 };
function timed(broadcast) {
  return (event, payload) => {
    const started = performance.now();
    broadcast(event, payload);
    const took = performance.now() - started;
    emits.count++;
    emits.sumMs += took;
    emits.maxMs = Math.max(emits.maxMs, took);
  };
}

export function handleHttp(request, response, rawBroadcast) {
  const broadcast = timed(rawBroadcast);
  if (request.url === "/health") return response.writeHead(200).end("ok");
  if (request.url === "/stats") {
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(emits));
    emits = { count: 0, sumMs: 0, maxMs: 0 };
    return;
  }
  if (request.method === "POST" && request.url === "/emit/created") {
    request.resume();
    request.on("end", () => {
      const user = publicUser();
      response.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify(user));
      broadcast("users.created", user);
    });
    return;
  }
  const deleted = /^\/emit\/deleted\/([0-9a-f-]+)$/.exec(request.url ?? "");
  if (request.method === "DELETE" && deleted) {
    response.writeHead(204).end();
    broadcast("users.deleted", { id: deleted[1] });
    return;
  }
  response.writeHead(404).end();
}
