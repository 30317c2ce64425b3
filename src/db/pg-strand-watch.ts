import type pg from 'pg';
import { loadPg } from './pg-module.ts';

type Client = pg.Client & { processID?: number | null };

export interface StrandWatch {
  /** A query started / finished on `client`. */
  started(client: pg.Client): void;
  finished(client: pg.Client): void;
  stop(): void;
}

/**
 * Notices connections stranded by a fail-over long before their query timeout (issue 15: "serves again within
 * seconds"). When a query has been waiting longer than `afterMs`, a fresh connection asks the server whether the
 * backends of the waiting connections still exist (`pg_stat_activity`). A backend the server does not know was
 * left on a server that is gone: its connection is ended at once (its request answers 503 now, not after the
 * query timeout) and `onStranded` retires the pool's other old connections. A slow query (backend present) or a
 * frozen network (the probe cannot connect either) is left to the timeouts. Behind a pooler such as PgBouncer the
 * backend ids are not the server's; the probe sees that on itself and does nothing.
 */
export function watchForStranded(options: {
  url: string;
  connectTimeoutMs: number;
  afterMs: number;
  onStranded(): void;
}): StrandWatch {
  const waiting = new Map<Client, number>();
  let probing = false;
  let lastProbe = 0;

  const probe = async (suspects: Client[]) => {
    const checker = new (loadPg().Client)({
      connectionString: options.url,
      connectionTimeoutMillis: options.connectTimeoutMs,
      query_timeout: options.connectTimeoutMs,
    }) as Client;
    checker.on('error', () => {});
    try {
      await checker.connect();
      const pids = suspects.map((c) => c.processID).filter((p): p is number => typeof p === 'number');
      const { rows } = await checker.query<{ self: number; known: number[] | null }>(
        'select pg_backend_pid() as self, (select array_agg(pid) from pg_stat_activity where pid = any($1::int[])) as known',
        [pids],
      );
      if (rows[0]?.self !== checker.processID) return; // not the server's ids: a pooler in between
      const known = new Set(rows[0]?.known ?? []);
      const gone = suspects.filter((c) => typeof c.processID === 'number' && !known.has(c.processID));
      if (gone.length === 0) return;
      options.onStranded();
      // With a query in flight, pg's end() destroys the socket: the query fails now and the pool discards it.
      for (const c of gone) c.end().catch(() => {});
    } finally {
      checker.end().catch(() => {});
    }
  };

  const timer = setInterval(() => {
    const now = Date.now();
    if (probing || now - lastProbe < options.afterMs) return;
    const suspects = [...waiting].filter(([, since]) => now - since >= options.afterMs).map(([c]) => c);
    if (suspects.length === 0) return;
    probing = true;
    lastProbe = now;
    probe(suspects)
      .catch(() => {}) // unreachable or frozen: the timeouts decide
      .finally(() => {
        probing = false;
      });
  }, 500);
  timer.unref();

  return {
    started: (client) => waiting.set(client, Date.now()),
    finished: (client) => waiting.delete(client),
    stop: () => clearInterval(timer),
  };
}
