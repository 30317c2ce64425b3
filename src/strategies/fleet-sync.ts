import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { PeriodicTask } from '../db/periodic-task.ts';
import type { Database } from '../db/schema.ts';
import { ONLINE_WINDOW_MS } from '../shared/devices.ts';

/** What a heartbeat reply adds for strategies and disconnects (spec §5.1). */
export interface HeartbeatExtras {
  strategy?: { config_options: Record<string, string> };
  modified_at?: number;
  disconnect?: number[];
}

interface Target {
  modifiedAt: number;
  payload: Record<string, string>;
  /** This instance already recorded the device's echo of `modifiedAt`. */
  applied: boolean;
}

/** The answer of almost every heartbeat, shared: no object allocated per request for it. */
const NOTHING: HeartbeatExtras = Object.freeze({});

/** A disconnect request is dropped after this long even if the device never reported the connection gone. */
const DISCONNECT_TTL_MS = 10 * 60_000;
/**
 * How often a device's unchanged, non-empty `conns` are written again: well inside the window the console lists
 * sessions from (`ONLINE_WINDOW_MS`). At 30 s, the window itself, the refresh arrived a heartbeat and a tick after
 * the window had closed, and a live session vanished from the console for a few seconds every 30 s.
 */
const CONNS_REFRESH_MS = ONLINE_WINDOW_MS / 3;

/**
 * The heartbeat's view of strategies and disconnect requests, answered from memory (issue 10).
 *
 * The database is the truth — `device_strategy_state` (computed on change, src/strategies/effective.ts) and
 * `device_disconnects` — and every change carries a revision from `fleet_revision`. Each instance loads both
 * at start and, every tick, reads the rows with a revision above the last one it saw: an indexed query that
 * returns nothing when nothing changed. So a change made on any instance reaches a heartbeat served by any
 * other within one tick, and a heartbeat costs no query unless the device is out of date.
 *
 * What the heartbeat learns is buffered and written per tick: the device echoing the current `modified_at`
 * ("applied at"), and its `conns` when they change (live sessions in the console).
 */
export class FleetSync {
  private readonly targets = new Map<string, Target>();
  private readonly disconnects = new Map<string, Map<number, { id: string; at: number }>>();
  private readonly conns = new Map<string, { key: string; at: number }>();
  private pendingApplied = new Map<string, { modifiedAt: number; at: number }>();
  private pendingConns = new Map<string, { conns: string; at: number }>();
  private pendingDone = new Set<string>();
  private rev = -1;
  private readonly task: PeriodicTask;
  private readonly payloads = new Map<string, Record<string, string>>();

  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>, log: FastifyBaseLogger) {
    this.db = db;
    this.task = new PeriodicTask('syncing strategies and sessions', log, async () => {
      await this.write();
      await this.poll();
    });
  }

  /** The strategy, `modified_at` and disconnects for one heartbeat of a registered device. */
  answer(
    id: string,
    modifiedAt: number | undefined,
    conns: number[] | undefined,
    now: number,
  ): HeartbeatExtras {
    let out: HeartbeatExtras | undefined;
    const target = this.targets.get(id);
    if (target) {
      if (target.modifiedAt !== modifiedAt) {
        // sync.rs: `modified_at` is stored when it differs, `strategy.config_options` merged (empty removes).
        out = { strategy: { config_options: target.payload }, modified_at: target.modifiedAt };
      } else if (!target.applied) {
        target.applied = true;
        this.pendingApplied.set(id, { modifiedAt: target.modifiedAt, at: now });
      }
    }
    this.noteConns(id, conns, now);
    const asked = this.disconnects.get(id);
    if (asked) {
      const alive = new Set(conns ?? []);
      const send: number[] = [];
      for (const [connId, req] of asked) {
        // Gone from `conns` (closed, or our request worked) or too old: the request is done.
        if (!alive.has(connId) || now - req.at > DISCONNECT_TTL_MS) {
          asked.delete(connId);
          this.pendingDone.add(req.id);
        } else send.push(connId);
      }
      if (asked.size === 0) this.disconnects.delete(id);
      if (send.length > 0) {
        out ??= {};
        out.disconnect = send;
      }
    }
    return out ?? NOTHING;
  }

  private noteConns(id: string, conns: number[] | undefined, now: number): void {
    const last = this.conns.get(id);
    // The hot path: a device without sessions, whose empty list is written already, costs one Map lookup.
    if (last === undefined && (conns === undefined || conns.length === 0)) return;
    const key = JSON.stringify(conns ?? []);
    // Only a change is written, and while sessions last a refresh now and then (another instance may have
    // written an older list meanwhile).
    if (last?.key === key && now - last.at < CONNS_REFRESH_MS) return;
    if (key === '[]') this.conns.delete(id);
    else this.conns.set(id, { key, at: now });
    this.pendingConns.set(id, { conns: key, at: now });
  }

  /** Loads what changed since the last poll (everything, the first time). */
  async poll(): Promise<void> {
    const since = this.rev;
    const head = await this.db
      .selectFrom('fleet_revision')
      .select('rev')
      .where('id', '=', 1)
      .executeTakeFirst();
    const headRev = Number(head?.rev ?? 0);
    if (headRev === since) return;
    const states = await this.db
      .selectFrom('device_strategy_state')
      .select(['device_id', 'modified_at', 'payload', 'applied_at', 'rev'])
      .where('rev', '>', since)
      .where('rev', '<=', headRev)
      .execute();
    for (const s of states) {
      this.targets.set(s.device_id, {
        modifiedAt: Number(s.modified_at),
        payload: this.intern(s.payload),
        applied: s.applied_at !== null,
      });
    }
    const asked = await this.db
      .selectFrom('device_disconnects')
      .select(['id', 'device_id', 'conn_id', 'requested_at'])
      .where('rev', '>', since)
      .where('rev', '<=', headRev)
      .execute();
    for (const d of asked) {
      const forDevice = this.disconnects.get(d.device_id) ?? new Map();
      forDevice.set(d.conn_id, { id: d.id, at: Number(d.requested_at) });
      this.disconnects.set(d.device_id, forDevice);
    }
    this.rev = headRev;
  }

  /** Devices under one strategy share one payload object. */
  private intern(json: string): Record<string, string> {
    let found = this.payloads.get(json);
    if (!found) {
      // Old versions pile up as strategies are edited; targets keep the objects they still use.
      if (this.payloads.size >= 1000) this.payloads.clear();
      found = JSON.parse(json) as Record<string, string>;
      this.payloads.set(json, found);
    }
    return found;
  }

  /** Forgets a deleted device. */
  forget(id: string): void {
    this.targets.delete(id);
    this.disconnects.delete(id);
    this.conns.delete(id);
  }

  /** The timer's step: skipped while the previous one is still running. */
  tick(): void {
    this.task.tick();
  }

  /** Writes what heartbeats learned, then polls for changes (waits for a step in progress first). */
  sync(): Promise<void> {
    return this.task.run();
  }

  private async write(): Promise<void> {
    const applied = this.pendingApplied;
    const conns = this.pendingConns;
    const done = this.pendingDone;
    if (applied.size === 0 && conns.size === 0 && done.size === 0) return;
    this.pendingApplied = new Map();
    this.pendingConns = new Map();
    this.pendingDone = new Set();
    try {
      await this.db.transaction().execute(async (trx) => {
        // A fleet applying one change echoes one modified_at: a few statements, not one per device.
        const byVersion = new Map<number, string[]>();
        let at = 0;
        for (const [id, a] of applied) {
          const ids = byVersion.get(a.modifiedAt) ?? [];
          ids.push(id);
          byVersion.set(a.modifiedAt, ids);
          at = Math.max(at, a.at);
        }
        for (const [modifiedAt, ids] of byVersion)
          for (let i = 0; i < ids.length; i += 500)
            await trx
              .updateTable('device_strategy_state')
              .set({ applied_at: at })
              .where('device_id', 'in', ids.slice(i, i + 500))
              .where('modified_at', '=', modifiedAt)
              .where('applied_at', 'is', null)
              .execute();
        for (const [id, c] of conns) {
          const exists = await trx.selectFrom('devices').select('id').where('id', '=', id).executeTakeFirst();
          if (!exists) continue;
          await trx
            .insertInto('device_conns')
            .values({ device_id: id, conns: c.conns, seen_at: c.at })
            .onConflict((oc) => oc.column('device_id').doUpdateSet({ conns: c.conns, seen_at: c.at }))
            .execute();
        }
        if (done.size > 0)
          await trx
            .deleteFrom('device_disconnects')
            .where('id', 'in', [...done])
            .execute();
      });
    } catch (err) {
      // Retried next tick, unless something newer was learned meanwhile.
      for (const [id, a] of applied) if (!this.pendingApplied.has(id)) this.pendingApplied.set(id, a);
      for (const [id, c] of conns) if (!this.pendingConns.has(id)) this.pendingConns.set(id, c);
      for (const d of done) this.pendingDone.add(d);
      throw err;
    }
  }
}

/** A new disconnect request's id. */
export const newRequestId = (): string => randomUUID();
