import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { classifyDbError } from '../db/faults.ts';
import type { OutageTracker } from '../db/outage.ts';
import { PeriodicTask } from '../db/periodic-task.ts';
import type { Database } from '../db/schema.ts';
import { metrics } from '../metrics/metrics.ts';
import { findDeviceIdentity, writeLastSeen } from './devices.repo.ts';

/** How often buffered heartbeat times are written to the database. */
export const FLUSH_INTERVAL_MS = 1000;

/**
 * A device beating more often than this has its time written at most this often: its stored time is at most this
 * plus one tick behind its last heartbeat, well inside the 30 s online window (ONLINE_WINDOW_MS), and a device
 * beating every 15 s, as an idle client does (spec §5.1), is written at every heartbeat as before.
 */
export const REWRITE_AFTER_MS = 5000;

/** What this instance knows of one registered device. */
interface KnownDevice {
  readonly id: string;
  readonly uuid: string;
  /** The latest heartbeat seen here (epoch ms); 0 before the first. */
  seenAt: number;
  /** The latest time this instance wrote for it; 0 when none yet. */
  writtenAt: number;
  /** In the list of devices whose latest heartbeat is not written yet. */
  queued: boolean;
  /** Forgotten or replaced: dropped from that list instead of written. */
  gone: boolean;
}

/**
 * Heartbeats without a row write each (issue 6).
 *
 * Every device sends `POST /api/heartbeat` every 15 s, every 3 s while it is being controlled (spec
 * §5.1); the only thing a heartbeat changes is `last_seen_at`. Writing it per request made SQLite the
 * bottleneck (one fsync'd transaction per heartbeat, WAL checkpoint stalls). So:
 *
 * - **Hot path, no database, no allocation.** `known` caches each registered device; a heartbeat from a
 *   known device with the right uuid records `now` in its entry, queues the entry once, and answers `{}`.
 * - **One transaction per tick.** Every {@link FLUSH_INTERVAL_MS}, the queued devices whose last written time
 *   is {@link REWRITE_AFTER_MS} old (or that were never written by this instance) are written in one
 *   transaction of `UPDATE … FROM (VALUES …)` statements of 100 rows, sorted by id, yielding to queued
 *   requests between statements (devices.repo.ts `writeLastSeen`), into the narrow `device_presence` table.
 *   A time never moves backwards, so instances flushing in any order agree.
 * - **Written less often than beaten (issue 14).** A device beating faster than every {@link REWRITE_AFTER_MS}
 *   (controlled: every 3 s; the heartbeat bench: several times a second) keeps its latest time queued and is
 *   written once that interval has passed: its stored time lags its last heartbeat by at most that plus one
 *   tick while it beats, and is exact within that once it stops, so online/offline (30 s window) and the
 *   console's "last seen" stay right. A device's first heartbeat seen by this instance is written at the next
 *   tick, so a device coming back online shows within a second.
 * - **Durable where the client was told "done".** Registration and sysinfo changes are written
 *   before the reply (`SYSINFO_UPDATED` means stored). What a crash can lose is at most
 *   {@link REWRITE_AFTER_MS} and a tick of `last_seen_at`, which the device's next heartbeat rewrites;
 *   nothing the client relies on. A stop writes every queued time (`flush`).
 * - **Several instances.** Online/offline is computed from the database's `last_seen_at` (which
 *   every instance flushes), never from this memory, so any instance's console tells the truth
 *   within one tick. A device deleted elsewhere is noticed at its next write (its UPDATE matches no
 *   row): it is dropped from `known`, and its next heartbeat is told to upload sysinfo again.
 * - **Shutdown.** The owning plugin flushes from Fastify's onClose hook, after in-flight requests
 *   (main.ts closes the database only after app.close() has returned).
 */
export class Presence {
  private readonly known = new Map<string, KnownDevice>();
  /** Devices whose latest heartbeat is not written yet, each once. */
  private queue: KnownDevice[] = [];
  /** The next run of the task writes every queued time, due or not ({@link flush}). */
  private writeAll = false;
  private readonly task: PeriodicTask;

  private readonly db: Kysely<Database>;

  private readonly outage: Pick<OutageTracker, 'heartbeatsKept'> | undefined;

  constructor(db: Kysely<Database>, log: FastifyBaseLogger, outage?: Pick<OutageTracker, 'heartbeatsKept'>) {
    this.db = db;
    this.outage = outage;
    this.task = new PeriodicTask('writing heartbeat times', log, () => this.write());
  }

  /**
   * The hot path without a promise: records the heartbeat of a device known with this uuid and says true;
   * false when {@link beat} must ask the database.
   */
  beatKnown(id: string, uuid: string, now: number): boolean {
    const device = this.known.get(id);
    if (device === undefined || device.uuid !== uuid) return false;
    this.seen(device, now);
    return true;
  }

  /**
   * Records a heartbeat. 'unknown': no such device (the client should upload sysinfo);
   * 'conflict': the ID is registered to another machine.
   */
  async beat(id: string, uuid: string, now: number): Promise<'ok' | 'unknown' | 'conflict'> {
    let device = this.known.get(id);
    // A cache miss, or a uuid that differs from a possibly stale cache entry: ask the database.
    if (device?.uuid !== uuid) {
      const row = await findDeviceIdentity(this.db, id);
      if (!row) {
        this.drop(id);
        return 'unknown';
      }
      device = this.entry(id, row.uuid);
    }
    if (device.uuid !== uuid) return 'conflict';
    this.seen(device, now);
    return 'ok';
  }

  /** Remembers a device just registered or refreshed (its row is already written). */
  remember(id: string, uuid: string): void {
    this.entry(id, uuid);
  }

  private entry(id: string, uuid: string): KnownDevice {
    const device = this.known.get(id);
    if (device?.uuid === uuid) return device;
    if (device) device.gone = true;
    const fresh: KnownDevice = { id, uuid, seenAt: 0, writtenAt: 0, queued: false, gone: false };
    this.known.set(id, fresh);
    return fresh;
  }

  /** Forgets a deleted device, including a heartbeat not yet written. */
  forget(id: string): void {
    this.drop(id);
  }

  /** Heartbeat times not yet written (some wait for {@link REWRITE_AFTER_MS}). */
  get buffered(): number {
    return this.queue.length;
  }

  /** Records that a known device was heard from at `now` (a heartbeat, an unchanged sysinfo upload). */
  touch(id: string, now: number): void {
    const device = this.known.get(id);
    if (device) this.seen(device, now);
  }

  /** The timer's step: skipped while the previous write is still going, so batches never pile up. */
  tick(): void {
    this.task.tick();
  }

  /** Writes the times that are due, as the timer does (waits for a write in progress first). */
  writeDue(): Promise<void> {
    return this.task.run();
  }

  /** Writes every heartbeat time buffered so far, due or not (shutdown; waits for a write in progress first). */
  flush(): Promise<void> {
    this.writeAll = true;
    return this.task.run();
  }

  private seen(device: KnownDevice, now: number): void {
    if (now <= device.seenAt) return;
    device.seenAt = now;
    if (!device.queued) {
      device.queued = true;
      this.queue.push(device);
    }
  }

  private drop(id: string): void {
    const device = this.known.get(id);
    if (device) device.gone = true;
    this.known.delete(id);
  }

  private async write(): Promise<void> {
    const all = this.writeAll;
    this.writeAll = false;
    const dueBefore = all ? Number.POSITIVE_INFINITY : Date.now() - REWRITE_AFTER_MS;
    const batch = new Map<string, number>();
    const devices: KnownDevice[] = [];
    const waiting: KnownDevice[] = [];
    for (const device of this.queue) {
      if (device.gone) continue;
      if (device.writtenAt > dueBefore) {
        waiting.push(device);
        continue;
      }
      // A heartbeat arriving during the write queues the device again, with its newer time.
      device.queued = false;
      batch.set(device.id, device.seenAt);
      devices.push(device);
    }
    this.queue = waiting;
    if (devices.length === 0) return;
    const started = performance.now();
    try {
      const found = await writeLastSeen(this.db, batch);
      for (const device of devices) {
        device.writtenAt = Math.max(device.writtenAt, batch.get(device.id) ?? 0);
        if (!found.has(device.id) && this.known.get(device.id) === device) this.drop(device.id);
      }
      metrics.observeHeartbeatFlush((performance.now() - started) / 1000, devices.length, true);
    } catch (err) {
      metrics.observeHeartbeatFlush((performance.now() - started) / 1000, devices.length, false);
      // Retried next tick (still due: nothing was written), with a newer time if one arrived meanwhile.
      for (const device of devices) {
        if (device.queued || device.gone) continue;
        device.queued = true;
        this.queue.push(device);
      }
      // A storage fault is logged once per outage by the database's tracker, anything else by the task.
      if (classifyDbError(err)) this.outage?.heartbeatsKept(this.queue.length);
      throw err;
    }
  }
}
