import { Injectable } from "@nestjs/common";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Every Prometheus metric of a node, in one registry of its own. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration by route pattern and status",
    labelNames: ["method", "route", "status_code"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly connectedSockets = new Gauge({
    name: "socketio_connected_sockets",
    help: "Sockets connected to this node, by namespace",
    labelNames: ["namespace"] as const,
    registers: [this.registry],
  });

  readonly eventsEmitted = new Counter({
    name: "users_events_emitted_total",
    help: "Users events broadcast by this node's relay, by event name",
    labelNames: ["event"] as const,
    registers: [this.registry],
  });

  readonly fanOutDuration = new Histogram({
    name: "users_event_fanout_seconds",
    help: "Time to hand one event to the adapter (local sockets, and the Redis stream in a cluster)",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    registers: [this.registry],
  });

  readonly handOffDuration = new Histogram({
    name: "users_event_handoff_seconds",
    help: "From a commit's announcement to its events written to this node's first sockets (the relay's direct hand-off)",
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1],
    registers: [this.registry],
  });

  readonly identityLookups = new Counter({
    name: "auth_identity_lookups_total",
    help: "Operators' token checks, by where the account and session came from: this node's cache or the database",
    labelNames: ["source"] as const,
    registers: [this.registry],
  });

  readonly identityCacheLive = new Gauge({
    name: "auth_identity_cache_live",
    help: "1 while this node hears the database's identity notifications and may answer token checks from memory, else 0",
    registers: [this.registry],
  });

  readonly refusedConnections = new Counter({
    name: "http_connections_refused_total",
    help: "Connections refused because their client address held HTTP_MAX_CONNECTIONS_PER_ADDRESS already",
    registers: [this.registry],
  });

  readonly outboxLag = new Gauge({
    name: "users_outbox_lag_seconds",
    help: "Age of the oldest committed event not yet published (0 when none; -1 when the database cannot say)",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Sets a gauge's collector: the value is read at scrape time, never on a hot path. */
  onScrape(gauge: Gauge, collect: () => Promise<number> | number, labels: Record<string, string> = {}): void {
    // reason: prom-client reads `collect` at scrape time but types it as a constructor option only
    (gauge as unknown as { collect: () => Promise<void> }).collect = async () => {
      gauge.set(labels, await Promise.resolve(collect()).catch(() => -1));
    };
  }
}
