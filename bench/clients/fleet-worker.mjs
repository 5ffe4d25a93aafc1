// One client process of the fleet: holds many sockets to one server and timestamps every event it
// receives with the machine-wide clock (performance.timeOrigin + performance.now()), so latencies can
// be computed against the request times recorded by the orchestrator in another process.
//
// Modes: "sio" = socket.io-client on the /users namespace (API and bare Socket.IO server),
//        "ws"  = a plain `ws` WebSocket receiving JSON [event, payload] (bare ws server).
// Protocol (IPC, structured clone): every command carries `seq`, every reply echoes it.
import { io } from "socket.io-client";
import WebSocket from "ws";

const now = () => performance.timeOrigin + performance.now();

const sockets = [];
let record = true; // false in the write scenarios: only count, keep no per-event state
let received = 0;
let duplicates = 0;
let unexpectedDisconnects = 0;
let closing = false;
const times = new Map(); // event key -> receive times (one per socket that got it)

function onEvent(socket, name, payload, t) {
  received++;
  if (!record) return;
  const key = `${name === "users.deleted" ? "d" : "c"}:${payload?.id}`;
  // Exactly once means per (socket, event id): a second copy on one socket is a duplicate.
  if (socket.seen.has(key)) {
    duplicates++;
    return;
  }
  socket.seen.add(key);
  let list = times.get(key);
  if (!list) times.set(key, (list = []));
  list.push(t);
}

function openSio(url, token) {
  return new Promise((resolve) => {
    const socket = io(url + "/users", { transports: ["websocket"], auth: { token }, forceNew: true, reconnection: false, timeout: 60_000 });
    socket.seen = new Set();
    socket.on("users.created", (user) => onEvent(socket, "users.created", user, now()));
    socket.on("users.deleted", (body) => onEvent(socket, "users.deleted", body, now()));
    socket.once("connect", () => {
      socket.on("disconnect", () => closing || unexpectedDisconnects++);
      resolve({ socket });
    });
    socket.once("connect_error", (error) => {
      socket.close();
      resolve({ error: error.message });
    });
  });
}

function openWs(url) {
  return new Promise((resolve) => {
    const socket = new WebSocket(url.replace(/^http/, "ws") + "/", { perMessageDeflate: false });
    socket.seen = new Set();
    socket.on("message", (data) => {
      const t = now();
      const [name, payload] = JSON.parse(data);
      onEvent(socket, name, payload, t);
    });
    socket.once("open", () => {
      socket.on("close", () => closing || unexpectedDisconnects++);
      resolve({ socket });
    });
    socket.once("error", (error) => resolve({ error: error.message }));
  });
}

/** Opens `count` more sockets, at most `concurrency` handshakes in flight (the server sees a burst, not a flood). */
async function connect({ url, mode, token, count, concurrency = 50 }) {
  const started = now();
  const errors = {};
  let ok = 0;
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next++;
      const result = mode === "ws" ? await openWs(url) : await openSio(url, token);
      if (result.socket) {
        sockets.push(result.socket);
        ok++;
      } else errors[result.error] = (errors[result.error] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { ok, failed: count - ok, errors, ms: now() - started, sockets: sockets.length };
}

/** Latencies of every (event, socket) delivery against the orchestrator's request table. */
function collect({ table }) {
  const fromResponse = [];
  const fromStart = [];
  // The same latencies as fromResponse, by the event's kind (register "create" / delete "delete").
  const byKind = {};
  const delivered = [];
  const known = new Set();
  for (const { key, kind, start, response } of table) {
    known.add(key);
    const list = times.get(key) ?? [];
    delivered.push(list.length);
    const ofKind = (byKind[kind] ??= []);
    for (const t of list) {
      fromResponse.push(t - response);
      fromStart.push(t - start);
      ofKind.push(t - response);
    }
  }
  let unknown = 0;
  for (const [key, list] of times) if (!known.has(key)) unknown += list.length;
  return {
    fromResponse: Float64Array.from(fromResponse),
    fromStart: Float64Array.from(fromStart),
    byKind: Object.fromEntries(Object.entries(byKind).map(([kind, samples]) => [kind, Float64Array.from(samples)])),
    delivered,
    duplicates,
    unknown,
    sockets: sockets.length,
  };
}

function closeAll() {
  closing = true;
  for (const s of sockets.splice(0)) (s.disconnect ?? s.terminate).call(s);
  closing = false;
  return { sockets: 0 };
}

const handlers = {
  connect,
  collect,
  close: closeAll,
  reset: ({ record: r = true }) => {
    record = r;
    received = duplicates = 0;
    times.clear();
    for (const s of sockets) s.seen.clear();
    return {};
  },
  count: () => ({ received, duplicates, unexpectedDisconnects, sockets: sockets.length }),
};

process.on("message", async (message) => {
  const result = await handlers[message.cmd](message);
  process.send({ seq: message.seq, ...result });
});
process.on("disconnect", () => process.exit(0)); // the orchestrator is gone: so are we
