import { sql } from 'kysely';
import type { Db } from '../db/create-db.ts';
import { classifyDbError, type DbFault, dbFault } from '../db/faults.ts';

/** `/readyz` answers within this, whatever the database does (issue 15: it hung for the whole freeze). */
export const READY_DEADLINE_MS = 2000;
/** While writes are known to fail, a real write is tried at most this often. */
const PROBE_INTERVAL_MS = 2000;
const PROBE_KEY = 'deskgate.readyz-probe';
const PROBE_VALUE = 'x'.repeat(64 * 1024);

/**
 * Whether this instance can serve: the database answers within the deadline, accepts writes and (SQLite) is still
 * the file that was opened. Returns the fault that makes it not ready, or undefined. One check at a time: calls
 * while one is running share it, so a frozen database does not collect a stuck query per probe.
 */
export function readinessChecker(db: Db, deadlineMs = READY_DEADLINE_MS): () => Promise<DbFault | undefined> {
  let running: Promise<DbFault | undefined> | undefined;
  let lastProbe = 0;

  const check = async (): Promise<DbFault | undefined> => {
    if (db.fileMissing()) return dbFault('DB_FILE_MISSING');
    const writeFault = db.outage.writeFault;
    if (writeFault) {
      if (Date.now() - lastProbe < PROBE_INTERVAL_MS) return writeFault;
      lastProbe = Date.now();
      await probeWrite(db); // a success ends the outage (the driver reports it); a failure throws
    }
    if (db.dialect === 'postgres') {
      // After a fail-over onto a standby (or with default_transaction_read_only), every write fails with 25006.
      const { rows } = await sql<{
        ro: string;
      }>`select current_setting('transaction_read_only') as ro`.execute(db.kysely);
      if (rows[0]?.ro === 'on') return dbFault('DB_READ_ONLY');
    } else {
      await sql`select 1`.execute(db.kysely);
    }
    return undefined;
  };

  return async () => {
    running ??= check()
      .catch((err: unknown) => classifyDbError(err) ?? dbFault('DB_UNAVAILABLE'))
      .finally(() => {
        running = undefined;
      });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<DbFault>((resolve) => {
      const fault = dbFault('DB_UNAVAILABLE');
      const message = `The database did not answer within ${deadlineMs / 1000} seconds; this instance is not ready.`;
      timer = setTimeout(() => resolve({ ...fault, message }), deadlineMs);
    });
    try {
      return await Promise.race([running, late]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * A real, committed write of 64 KiB (then removed): more than the free room left in existing pages, so SQLite must
 * grow the file (and its WAL) and a full disk or page limit shows. It runs only while writes are already known to
 * fail, at most every {@link PROBE_INTERVAL_MS}.
 */
async function probeWrite(db: Db): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('settings')
      .values({ key: PROBE_KEY, value: PROBE_VALUE })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: PROBE_VALUE }))
      .execute();
    await trx.deleteFrom('settings').where('key', '=', PROBE_KEY).execute();
  });
}
