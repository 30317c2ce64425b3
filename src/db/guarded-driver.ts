import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import type { OutageTracker } from './outage.ts';

const WRITE_NODES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);
const WRITE_SQL = /^\s*(insert|update|delete|replace|merge)\b/i;

function isWrite(query: CompiledQuery): boolean {
  return WRITE_NODES.has(query.query.kind) || (query.query.kind === 'RawNode' && WRITE_SQL.test(query.sql));
}

/** One connection as the rest of Kysely sees it; remembers what the guard needs to know about it. */
class GuardedConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;
  private readonly outage: OutageTracker;
  /** The connection failed at the network level; it is released for destruction, never rolled back. */
  lost = false;
  inTransaction = false;
  wroteInTransaction = false;

  constructor(inner: DatabaseConnection, outage: OutageTracker) {
    this.inner = inner;
    this.outage = outage;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const result = await this.inner.executeQuery<R>(query);
      const wrote = isWrite(query);
      if (!this.inTransaction) this.outage.succeeded(wrote);
      else if (wrote) this.wroteInTransaction = true;
      return result;
    } catch (err) {
      if (this.outage.failed(err)?.connectionLost) this.lost = true;
      throw err;
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/**
 * Wraps a dialect's driver so that every statement reports to the {@link OutageTracker} (one warning per outage,
 * `/readyz` red while writes fail) and so that a failed transaction keeps its real error: SQLite rolls a
 * transaction back by itself on SQLITE_FULL, and Kysely's ROLLBACK then threw `cannot rollback - no transaction
 * is active`, which replaced the disk-full error (issue 15). A connection lost mid-transaction is not rolled back
 * either (a ROLLBACK on a stranded socket waits for the query timeout again); the server rolls back on disconnect.
 */
class GuardedDriver implements Driver {
  private readonly inner: Driver;
  private readonly outage: OutageTracker;
  private readonly inTransaction: (() => boolean) | undefined;
  private readonly wrapped = new WeakMap<DatabaseConnection, GuardedConnection>();

  constructor(inner: Driver, outage: OutageTracker, inTransaction?: () => boolean) {
    this.inner = inner;
    this.outage = outage;
    this.inTransaction = inTransaction;
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    let connection: DatabaseConnection;
    try {
      connection = await this.inner.acquireConnection();
    } catch (err) {
      this.outage.failed(err);
      throw err;
    }
    let guarded = this.wrapped.get(connection);
    if (!guarded) {
      guarded = new GuardedConnection(connection, this.outage);
      this.wrapped.set(connection, guarded);
    }
    guarded.lost = false;
    guarded.inTransaction = false;
    return guarded;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = connection as GuardedConnection;
    try {
      await this.inner.beginTransaction(c.inner, settings);
    } catch (err) {
      if (this.outage.failed(err)?.connectionLost) c.lost = true;
      throw err;
    }
    c.inTransaction = true;
    c.wroteInTransaction = false;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as GuardedConnection;
    try {
      await this.inner.commitTransaction(c.inner);
    } catch (err) {
      if (this.outage.failed(err)?.connectionLost) c.lost = true;
      throw err;
    }
    c.inTransaction = false;
    this.outage.succeeded(c.wroteInTransaction);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as GuardedConnection;
    c.inTransaction = false;
    if (c.lost || this.inTransaction?.() === false) return;
    try {
      await this.inner.rollbackTransaction(c.inner);
    } catch {
      // Kysely would throw this instead of the error that caused the rollback; that one is what matters.
      // (PostgreSQL's driver has already marked the connection for discard.)
    }
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.inner.savepoint?.((connection as GuardedConnection).inner, name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ) {
    await this.inner.rollbackToSavepoint?.((connection as GuardedConnection).inner, name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ) {
    await this.inner.releaseSavepoint?.((connection as GuardedConnection).inner, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection((connection as GuardedConnection).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** The dialect with its driver guarded (see {@link GuardedDriver}). */
export function guardDialect(
  dialect: Dialect,
  outage: OutageTracker,
  inTransaction?: () => boolean,
): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new GuardedDriver(dialect.createDriver(), outage, inTransaction),
    createIntrospector: (db: Kysely<unknown>) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}
