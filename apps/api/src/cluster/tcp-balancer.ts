import { createConnection, createServer, type Server, type Socket } from "node:net";

export type Backend = { host: string; port: number };

export type TcpBalancer = { server: Server; port: number; close(): Promise<void> };

/**
 * A round-robin TCP balancer for a local cluster: each client connection is piped to the next
 * backend that accepts it (a dead node is skipped). It is not sticky, so Socket.IO clients behind
 * it use the websocket transport (HTTP long-polling needs every request on the same node).
 */
export function startTcpBalancer(backends: Backend[], port: number, host = "127.0.0.1"): Promise<TcpBalancer> {
  let next = 0;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => client.destroy());
    client.pause();
    const start = next++ % backends.length;
    const tryBackend = (attempt: number) => {
      if (attempt >= backends.length) return client.destroy();
      const backend = backends[(start + attempt) % backends.length]!;
      const upstream = createConnection(backend);
      let upstreamConnected = false;
      upstream.once("error", () => {
        upstream.destroy();
        // Refused before anything was sent: that node is down, try the next one.
        if (!upstreamConnected && !client.destroyed) tryBackend(attempt + 1);
        else client.destroy();
      });
      upstream.once("connect", () => {
        upstreamConnected = true;
        open.add(upstream);
        upstream.on("close", () => {
          open.delete(upstream);
          client.destroy();
        });
        client.on("close", () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        server,
        port: typeof address === "object" && address ? address.port : port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of open) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
