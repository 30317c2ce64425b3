import type { FastifyInstance } from 'fastify';

/**
 * The official client's heartbeat loop, as far as a server can observe it (RD: src/hbbs_http/sync.rs,
 * `start_hbbs_sync_async` and `handle_config_options`): what it sends, and what it does with the reply.
 * `options` is the device's `Config` options; `defaultSettings` its DEFAULT_SETTINGS (custom client).
 */
export class HeartbeatClient {
  /** Config options (`Config::get_options`). */
  options = new Map<string, string>();
  /** `LocalConfig` option `strategy_timestamp` (parsed as i64, 0 when absent). */
  strategyTimestamp = 0;
  /** Alive incoming connection ids (`Connection::alive_conns`). */
  conns: number[] = [];
  /** Every conn id the server asked to close ("Closed manually by web console"). */
  readonly closed: number[] = [];
  readonly defaultSettings = new Map<string, string>();
  /** Every reply, parsed. */
  readonly replies: Array<Record<string, unknown>> = [];
  readonly id: string;
  readonly uuid: string;

  constructor(id: string, uuid: string) {
    this.id = id;
    this.uuid = uuid;
  }

  /** The sysinfo upload of the first tick (spec §5.2). */
  async register(app: FastifyInstance): Promise<void> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/sysinfo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        id: this.id,
        uuid: this.uuid,
        hostname: `pc-${this.id}`,
        os: 'linux',
        version: '1.4.9',
      }),
    });
    if (res.body !== 'SYSINFO_UPDATED') throw new Error(`sysinfo: ${res.statusCode} ${res.body}`);
  }

  /** One heartbeat, and the reply applied exactly as sync.rs does. */
  async beat(app: FastifyInstance): Promise<Record<string, unknown>> {
    const v: Record<string, unknown> = { id: this.id, uuid: this.uuid, ver: 1004090 };
    if (this.conns.length > 0) v.conns = this.conns;
    v.modified_at = this.strategyTimestamp;
    const res = await app.inject({
      method: 'POST',
      url: '/api/heartbeat',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(v),
    });
    if (res.statusCode !== 200) throw new Error(`heartbeat: ${res.statusCode} ${res.body}`);
    const rsp = JSON.parse(res.body) as Record<string, unknown>;
    this.replies.push(rsp);
    if (Array.isArray(rsp.disconnect)) {
      for (const c of rsp.disconnect as number[]) {
        this.closed.push(c);
        this.conns = this.conns.filter((x) => x !== c);
      }
    }
    if (typeof rsp.modified_at === 'number' && rsp.modified_at !== this.strategyTimestamp)
      this.strategyTimestamp = rsp.modified_at;
    const strategy = rsp.strategy as { config_options?: Record<string, string> } | undefined;
    if (strategy && typeof strategy === 'object') this.apply(strategy.config_options ?? {});
    return rsp;
  }

  /** `handle_config_options`: merge; an empty value removes the option unless a default setting exists. */
  private apply(configOptions: Record<string, string>): void {
    for (const [k, v] of Object.entries(configOptions)) {
      if (v === '' && (this.defaultSettings.get(k) ?? '') === '') this.options.delete(k);
      else this.options.set(k, v);
    }
  }
}
