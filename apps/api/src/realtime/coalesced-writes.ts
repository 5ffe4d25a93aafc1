import type { Socket as TcpSocket } from "node:net";
import type { Socket } from "socket.io";

/** The parts of Engine.IO's connection read here (engine.io 6.6; `flush` is private in its typings). */
type EngineConnection = {
  transport: { name: string; writable: boolean; socket?: { _socket?: TcpSocket } };
  flush(): void;
};

/**
 * Writes several broadcasts to one socket in one system call. Engine.IO sends each packet as its
 * own WebSocket frame and `writev`, ~20 µs apiece here (bench/HISTORY.md): with events waiting, most
 * of the fan-out's time went into those calls. Engine.IO keeps packets in its write buffer while its
 * transport is busy and sends the whole buffer in one synchronous loop; so the transport is marked
 * busy while the packets are written, then the buffer is flushed with the TCP socket corked, which
 * makes the frames one `writev`. Order is kept: the buffer is sent as written. A transport that is
 * busy already gets the packets in its buffer, sent when its previous write ends, as usual.
 * Not for volatile packets: Socket.IO drops a volatile packet when the transport is busy.
 */
export function writeCoalesced(socket: Socket, writes: readonly ((socket: Socket) => void)[]): void {
  const connection = socket.conn as unknown as EngineConnection; // reason: Engine.IO's write buffer, see the type above
  const { transport } = connection;
  if (writes.length === 1 || !transport.writable) {
    for (const write of writes) write(socket);
    return;
  }
  transport.writable = false;
  try {
    for (const write of writes) write(socket);
  } finally {
    transport.writable = true;
  }
  const tcp = transport.name === "websocket" ? transport.socket?._socket : undefined;
  tcp?.cork();
  try {
    connection.flush();
  } finally {
    tcp?.uncork();
  }
}
