import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { registerSecretExpiryGauges, type SecretExpiry } from './secret-expiry.ts';

/** What a scrape reads from the running app (set by the metrics plugin, cleared when the app closes). */
export interface MetricSources {
  devicesOnline(): Promise<number>;
  heartbeatBuffered(): number;
  /** PostgreSQL pool: connections open, idle, and requests waiting for one; undefined on SQLite. */
  pool?: (() => { total: number; idle: number; waiting: number }) | undefined;
  /** The providers' client secret expiry dates, read from the database (src/metrics/secret-expiry.ts). */
  secretExpiries?: () => Promise<SecretExpiry[]>;
}

export type SignInOutcome = 'success' | 'failure';
/** Where a sign-in happened: the web console, or the RustDesk client (password or OIDC device login). */
export type SignInChannel = 'console' | 'client';
export type DeviceLoginDecision = 'approved' | 'denied' | 'refused';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * DeskGate's Prometheus metrics (issue 14), one set per process like the process they describe. Features count
 * through the methods below (`metrics.countSignIn('entra', 'success', 'console')`); counting is cheap and always
 * on, while `GET /metrics` is served only when configured (src/metrics/metrics.routes.ts).
 */
export class Metrics {
  readonly registry = new Registry();
  private sources: MetricSources | undefined;
  private defaultsStarted = false;

  private readonly requests = new Histogram({
    name: 'deskgate_http_request_duration_seconds',
    help: 'HTTP requests by route pattern, method and status, with their latency',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly signIns = new Counter({
    name: 'deskgate_sign_ins_total',
    help: 'Sign-ins by provider (an OIDC provider name, or "password"), outcome and channel',
    labelNames: ['provider', 'outcome', 'channel'] as const,
    registers: [this.registry],
  });
  private readonly deviceLogins = new Counter({
    name: 'deskgate_device_login_decisions_total',
    help: 'RustDesk OIDC device logins approved or denied on the confirmation page, or refused (other browser, wrong ID)',
    labelNames: ['decision'] as const,
    registers: [this.registry],
  });
  private readonly calls = new Counter({
    name: 'deskgate_outbound_calls_total',
    help: 'Calls to other systems (identity provider, SCIM, LDAP, SMTP) by system and outcome',
    labelNames: ['system', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly queries = new Histogram({
    name: 'deskgate_db_query_duration_seconds',
    help: 'Database statements and their latency, by outcome',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly flushes = new Histogram({
    name: 'deskgate_heartbeat_flush_duration_seconds',
    help: 'Writing the buffered heartbeat times (once a second), by outcome',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly flushedDevices = new Counter({
    name: 'deskgate_heartbeat_flushed_devices_total',
    help: 'Device heartbeat times written by the buffered flush, by outcome (failure = kept and retried)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    const read = <T>(pick: (s: MetricSources) => T, fallback: T) =>
      this.sources ? pick(this.sources) : fallback;
    new Gauge({
      name: 'deskgate_devices_online',
      help: 'Devices whose last heartbeat is within the online window',
      registers: [this.registry],
      collect: async function collectOnline(this: Gauge) {
        this.set(await read((s) => s.devicesOnline(), Promise.resolve(0)).catch(() => Number.NaN));
      },
    });
    new Gauge({
      name: 'deskgate_heartbeat_buffer_devices',
      help: 'Heartbeat times buffered in memory, not yet written',
      registers: [this.registry],
      collect: function collectBuffer(this: Gauge) {
        this.set(read((s) => s.heartbeatBuffered(), 0));
      },
    });
    new Gauge({
      name: 'deskgate_db_pool_connections',
      help: 'PostgreSQL pool: connections by state (total, idle) and requests waiting for a connection',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect: function collectPool(this: Gauge<'state'>) {
        const pool = read((s) => s.pool?.(), undefined);
        if (!pool) return;
        for (const [state, value] of Object.entries(pool)) this.set({ state }, value);
      },
    });
    registerSecretExpiryGauges(this.registry, () => this.sources?.secretExpiries?.());
  }

  /** What a scrape reads from the running app; `undefined` when it closes. */
  setSources(sources: MetricSources | undefined): void {
    this.sources = sources;
  }

  /** Node's own metrics (event-loop lag, heap, GC, CPU): started once, when `/metrics` is first served. */
  startProcessMetrics(): void {
    if (this.defaultsStarted) return;
    this.defaultsStarted = true;
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
  }

  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.requests.observe({ route, method, status }, seconds);
  }

  countSignIn(provider: string, outcome: SignInOutcome, channel: SignInChannel): void {
    this.signIns.inc({ provider: provider || 'unknown', outcome, channel });
  }

  countDeviceLogin(decision: DeviceLoginDecision): void {
    this.deviceLogins.inc({ decision });
  }

  /** A call to another system: `countCall('ldap', 'failure')`; SCIM's inbound requests count by status class (`4xx`). */
  countCall(system: 'idp' | 'scim' | 'ldap' | 'smtp', outcome: 'success' | 'failure' | `${number}xx`): void {
    this.calls.inc({ system, outcome });
  }

  observeQuery(seconds: number, ok: boolean): void {
    this.queries.observe({ outcome: ok ? 'success' : 'failure' }, seconds);
  }

  observeHeartbeatFlush(seconds: number, devices: number, ok: boolean): void {
    const outcome = ok ? 'success' : 'failure';
    this.flushes.observe({ outcome }, seconds);
    this.flushedDevices.inc({ outcome }, devices);
  }
}

/** The process's metrics. */
export const metrics = new Metrics();
