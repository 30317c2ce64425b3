/**
 * Which database errors are faults of the storage (unreachable, full, read-only, file gone) rather than bugs
 * (issue 15). They answer 503 with `Retry-After` and a sentence instead of a 500 with a stack per request.
 */
export type DbFaultCode = 'DB_UNAVAILABLE' | 'STORAGE_FULL' | 'DB_READ_ONLY' | 'DB_FILE_MISSING';

export interface DbFault {
  code: DbFaultCode;
  /** The sentence a person reads. */
  message: string;
  /** Seconds for the `Retry-After` header. */
  retryAfter: number;
  /** The connection itself is unusable (stranded, closed, timed out): it must be destroyed, not reused. */
  connectionLost: boolean;
}

const SENTENCES: Record<DbFaultCode, { message: string; retryAfter: number }> = {
  DB_UNAVAILABLE: {
    message:
      'The database is not reachable right now, so the request could not be completed. Try again shortly.',
    retryAfter: 5,
  },
  STORAGE_FULL: {
    message:
      'The database’s disk is full, so changes cannot be saved right now (reading still works). Ask the administrator to free space, then try again.',
    retryAfter: 60,
  },
  DB_READ_ONLY: {
    message: 'The database is read-only right now, so changes cannot be saved. Try again in a moment.',
    retryAfter: 10,
  },
  DB_FILE_MISSING: {
    message:
      'The database file was removed while DeskGate was running, so changes cannot be saved. Ask the administrator to restore it and restart DeskGate.',
    retryAfter: 60,
  },
};

/** Thrown instead of writing into a SQLite file that was deleted or replaced since it was opened. */
export class DbFileMissingError extends Error {
  readonly code = 'DESKGATE_DB_FILE_MISSING';
  constructor(file: string) {
    super(`The database file ${file} was deleted or replaced while open; writes would be lost.`);
    this.name = 'DbFileMissingError';
  }
}

export function dbFault(code: DbFaultCode, connectionLost = false): DbFault {
  return { code, ...SENTENCES[code], connectionLost };
}

// Node socket errors: the server is down, unreachable or dropped the connection.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// node-postgres reports its own timeouts and closed connections without a code; the messages are its API
// (pg/lib/client.js, pg-pool/index.js).
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'is not queryable',
  'Postgres connection has been discarded',
];

/** The fault an error stands for, or undefined when it is not a storage fault (a bug, bad input…). */
export function classifyDbError(err: unknown): DbFault | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code === 'DESKGATE_DB_FILE_MISSING') return dbFault('DB_FILE_MISSING');
    if (NETWORK_CODES.has(code)) return dbFault('DB_UNAVAILABLE', true);
    // SQLite (better-sqlite3 puts the extended result code name in `code`).
    if (code === 'SQLITE_FULL') return dbFault('STORAGE_FULL');
    if (code.startsWith('SQLITE_READONLY')) return dbFault('DB_READ_ONLY');
    if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_BUSY') {
      return dbFault('DB_UNAVAILABLE');
    }
    // PostgreSQL SQLSTATE: 08 connection exception, 57P01-03 shutdown / cannot connect now,
    // 53 insufficient resources (53100 disk full), 57014 statement timeout, 25006 read-only transaction.
    if (code === '53100') return dbFault('STORAGE_FULL');
    if (code === '25006') return dbFault('DB_READ_ONLY');
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') {
      return dbFault('DB_UNAVAILABLE', true);
    }
    if (code === '53300' || code === '57014') return dbFault('DB_UNAVAILABLE');
  }
  if (PG_CONNECTION_MESSAGES.some((m) => err.message.includes(m))) return dbFault('DB_UNAVAILABLE', true);
  return undefined;
}

/** A fault that only stops writes: reads keep working, and only a successful write ends it. */
export function isWriteFault(fault: DbFault): boolean {
  return fault.code !== 'DB_UNAVAILABLE';
}
