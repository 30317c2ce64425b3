import { classifyDbError, type DbFault, isWriteFault } from './faults.ts';

/** The part of a pino/Fastify logger the tracker uses. */
export interface WarnLogger {
  warn(obj: object, msg: string): void;
}

interface Outage {
  fault: DbFault;
  since: number;
  failedRequests: number;
  /** Devices whose heartbeat times could not be written and were kept for the next try. */
  keptHeartbeats: number;
}

/**
 * One warning when the database stops answering (or stops accepting writes) and one when it is back, with how
 * many requests failed in between — instead of a stack trace per request (issue 15: 648 lines in 10 s).
 * Fed by the database driver (every statement, also from background writers such as the heartbeat flush) and by
 * the root error handler (requests answered 503). Per process: each instance reports what it saw.
 */
export class OutageTracker {
  private outage: Outage | undefined;
  private log: WarnLogger | undefined;
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Where the warnings go (the app's logger); nothing is logged before. */
  attach(log: WarnLogger): void {
    this.log = log;
  }

  /** The current outage's fault, if any. */
  get current(): DbFault | undefined {
    return this.outage?.fault;
  }

  /** Writes are known to fail (disk full, read-only, file gone) until a write succeeds again. */
  get writeFault(): DbFault | undefined {
    const fault = this.outage?.fault;
    return fault && isWriteFault(fault) ? fault : undefined;
  }

  /** A database operation failed; returns its fault when it is one, and starts an outage (one warning). */
  failed(err: unknown): DbFault | undefined {
    const fault = classifyDbError(err);
    if (!fault) return undefined;
    // A write fault (disk full) seen while already unreachable, or the reverse, is still the same outage.
    if (!this.outage) {
      this.outage = { fault, since: this.now(), failedRequests: 0, keptHeartbeats: 0 };
      const cause = err instanceof Error ? err.message : String(err);
      this.log?.warn(
        { err, fault: fault.code },
        `database outage started (${fault.code}): ${cause}. Requests needing the database answer 503 until it recovers; they are counted, not logged one by one.`,
      );
    }
    return fault;
  }

  /** A request was answered 503 because of the fault. */
  requestFailed(err: unknown): void {
    this.failed(err);
    if (this.outage) this.outage.failedRequests++;
  }

  /** The buffered heartbeat write failed for `devices` devices; their times are kept and retried (presence.ts). */
  heartbeatsKept(devices: number): void {
    if (this.outage) this.outage.keptHeartbeats = Math.max(this.outage.keptHeartbeats, devices);
  }

  /** A statement (wrote = a committed write) succeeded: ends an outage it proves over. */
  succeeded(wrote: boolean): void {
    const outage = this.outage;
    if (!outage || (!wrote && isWriteFault(outage.fault))) return;
    this.outage = undefined;
    const seconds = Math.round((this.now() - outage.since) / 100) / 10;
    this.log?.warn(
      {
        fault: outage.fault.code,
        failedRequests: outage.failedRequests,
        keptHeartbeats: outage.keptHeartbeats,
        seconds,
      },
      `database outage ended (${outage.fault.code}) after ${seconds} s; ${outage.failedRequests} requests failed during it; ` +
        `the heartbeat times of ${outage.keptHeartbeats} devices were kept and are written now.`,
    );
  }
}
