import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { classifyDbError } from './faults.ts';
import { loadPg } from './pg-module.ts';
import { watchForStranded } from './pg-strand-watch.ts';

export interface PgPoolOptions {
  url: string;
  max: number;
  /** Opening a connection, and waiting for a free one when all are busy. */
  connectTimeoutMs: number;
  /** The server cancels a statement after this; the client gives up one second later (stranded connection). */
  statementTimeoutMs: number;
}

/**
 * A `pg` pool that survives stranded connections (issue 15: a fail-over that silently drops every open
 * connection left the pool waiting for 8 minutes). Every wait is bounded (connect, statement on the server,
 * query on the client), TCP keepalive lets the kernel notice a dead peer, and a client whose query failed at the
 * network level is released *with its error*, so the pool destroys it instead of lending it out again. Such a
 * failure also retires every client opened before it: after a fail-over they are all stranded, and each
 * would otherwise cost one more request a full query timeout. A query waiting more than 2 s has its connection
 * checked against the server ({@link watchForStranded}), so a fail-over is noticed in seconds.
 */
/** Connections open, idle, and requests waiting for one (for the metrics). */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export function createPgPool(options: PgPoolOptions): PostgresPool & { stats(): PoolStats } {
  const pool = new (loadPg().Pool)({
    connectionString: options.url,
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs,
    query_timeout: options.statementTimeoutMs + 1000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server must not crash the process; it is removed, the next query reports.
  pool.on('error', () => {});
  let generation = 0;
  const born = new WeakMap<pg.PoolClient, number>();
  const strands = watchForStranded({
    url: options.url,
    connectTimeoutMs: options.connectTimeoutMs,
    afterMs: 2000,
    onStranded: () => generation++,
  });
  pool.on('connect', (client) => {
    born.set(client, generation);
    // Server-side limits are SET on each new connection rather than sent as startup parameters, which PgBouncer
    // refuses ("unsupported startup parameter"). The query is queued before the one the client was taken for.
    // An idle transaction left by a stuck client must not hold locks for long either.
    client
      .query(
        `set statement_timeout = ${Math.round(options.statementTimeoutMs)}; ` +
          `set idle_in_transaction_session_timeout = ${Math.round(options.statementTimeoutMs * 4)}`,
      )
      .catch(() => {}); // a broken connection fails the next query too, which reports it
    // pg-pool listens for errors only on idle clients: a connection lost while a client is lent out (mid
    // transaction, when the server stops) was an uncaught exception that ended the process. The client is then
    // not queryable: its next query fails and the pool discards it on release.
    client.on('error', () => {});
  });

  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let lost: Error | undefined;
    const query = async (sql: string, parameters: ReadonlyArray<unknown>) => {
      strands.started(client);
      try {
        return await client.query(sql, parameters as unknown[]);
      } catch (err) {
        if (classifyDbError(err)?.connectionLost) {
          lost = err as Error;
          generation++;
        }
        throw err;
      } finally {
        strands.finished(client);
      }
    };
    return {
      // DeskGate streams no query, so only the (sql, parameters) form of the overload is ever called.
      query: query as unknown as PostgresPoolClient['query'],
      release: (destroy?: boolean) => client.release(lost ?? destroy),
    };
  };

  return {
    async connect() {
      for (;;) {
        const client = await pool.connect();
        if ((born.get(client) ?? generation) >= generation) return wrap(client);
        client.release(true);
      }
    },
    end: () => {
      strands.stop();
      return pool.end();
    },
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}
