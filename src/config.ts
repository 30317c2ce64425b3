import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeFileError, StartupError } from './system/startup-errors.ts';

/** Everything DeskGate reads from its environment, validated once at boot and frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** `postgres://…` switches storage to PostgreSQL; undefined means SQLite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** PostgreSQL: longest wait to open a connection or get a free one from the pool. */
  readonly dbConnectTimeoutMs: number;
  /** PostgreSQL: longest statement; the server cancels it, the client gives up one second later. */
  readonly dbStatementTimeoutMs: number;
  /** External origin (scheme://host[:port]) when behind a reverse proxy. */
  readonly publicUrl: string | undefined;
  readonly trustProxy: boolean | string;
  readonly adminPassword: string | undefined;
  /** 32-byte key that encrypts secrets at rest (AES-256-GCM). */
  readonly secretKey: Buffer;
  /**
   * True when the key came from a `<dataDir>/secret.key` that was already there at start: DeskGate ran with
   * this data directory before, so a missing database is a loss, not a first start (main.ts refuses then).
   */
  readonly secretKeyFileExisted: boolean;
  /** How long a stop may take (SIGTERM → exit), in ms; in-flight requests get this long to finish. */
  readonly shutdownTimeoutMs: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Directory holding the built console (index.html + assets); absent in API-only test builds. */
  readonly consoleDir: string | undefined;
  /**
   * Outbound proxy for calls to identity providers (discovery, keys, tokens, userinfo); '' = none.
   * Node's own fetch ignores these variables, so DeskGate passes them to undici explicitly.
   */
  readonly httpsProxy: string;
  readonly httpProxy: string;
  /** Hosts that bypass the proxy, comma-separated (`NO_PROXY` syntax). */
  readonly noProxy: string;
  /** A RustDesk client token ends this many days after sign-in, however often it is used. */
  readonly clientTokenMaxDays: number;
  /** `pretty` (pino-pretty) or `json` lines; undefined = pretty when stdout is a terminal (src/http/log-options.ts). */
  readonly logFormat: 'pretty' | 'json' | undefined;
  /** `GET /metrics` on the main port needs `Authorization: Bearer <this>`; undefined = not served there. */
  readonly metricsToken: string | undefined;
  /** A separate port serving only `GET /metrics` (no token), e.g. bound to a private interface; undefined = none. */
  readonly metricsPort: number | undefined;
  /** Address the metrics port binds to (METRICS_HOST, default 127.0.0.1). */
  readonly metricsHost: string;
}

/** One line per wrong variable, so an admin fixes them all in one go. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the environment. The only reader of `process.env` in the code base:
 * everything else receives a `Config`.
 */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const port = parsePort(env.PORT, problems);
  const host = env.HOST?.trim() || '0.0.0.0';
  const dataDir = path.resolve(env.DESKGATE_DATA_DIR?.trim() || './data');
  const databaseUrl = parseDatabaseUrl(env.DATABASE_URL, problems);
  const dbConnectTimeoutMs = parseSeconds('DB_CONNECT_TIMEOUT', env.DB_CONNECT_TIMEOUT, 5, problems);
  const dbStatementTimeoutMs = parseSeconds('DB_STATEMENT_TIMEOUT', env.DB_STATEMENT_TIMEOUT, 15, problems);
  const publicUrl = parsePublicUrl(env.DESKGATE_PUBLIC_URL, problems);
  const trustProxy = parseTrustProxy(env.DESKGATE_TRUST_PROXY);
  const adminPassword = env.DESKGATE_ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 8) {
    problems.push('DESKGATE_ADMIN_PASSWORD must be at least 8 characters long.');
  }
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}").`);
  }
  const httpsProxy = parseProxy('HTTPS_PROXY', env.HTTPS_PROXY ?? env.https_proxy, problems);
  const httpProxy = parseProxy('HTTP_PROXY', env.HTTP_PROXY ?? env.http_proxy, problems);
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').trim();
  const explicitKey = parseSecretKey(env.DESKGATE_SECRET_KEY, problems);
  const clientTokenMaxDays = parseDays(
    'DESKGATE_CLIENT_TOKEN_MAX_DAYS',
    env.DESKGATE_CLIENT_TOKEN_MAX_DAYS,
    90,
    problems,
  );
  const shutdownTimeoutMs = parseShutdownTimeout(env.DESKGATE_SHUTDOWN_TIMEOUT, problems);
  const logFormat = parseLogFormat(env.LOG_FORMAT, problems);
  const metricsToken = parseMetricsToken(env.METRICS_TOKEN, problems);
  const metricsPort = env.METRICS_PORT?.trim()
    ? parsePort(env.METRICS_PORT, problems, 'METRICS_PORT')
    : undefined;
  const metricsHost = env.METRICS_HOST?.trim() || '127.0.0.1';
  if (problems.length > 0) throw new ConfigError(problems);
  const keyFile = path.join(dataDir, 'secret.key');
  const secretKeyFileExisted = !overrides.secretKey && !explicitKey && existsSync(keyFile);
  const secretKey = overrides.secretKey ?? explicitKey ?? loadOrCreateKeyFile(dataDir);
  return Object.freeze({
    port,
    host,
    dataDir,
    databaseUrl,
    dbConnectTimeoutMs,
    dbStatementTimeoutMs,
    publicUrl,
    trustProxy,
    adminPassword,
    secretKey,
    secretKeyFileExisted,
    shutdownTimeoutMs,
    logLevel,
    consoleDir: undefined,
    httpsProxy,
    httpProxy,
    noProxy,
    clientTokenMaxDays,
    logFormat,
    metricsToken,
    metricsPort,
    metricsHost,
    ...overrides,
  });
}

function parsePort(raw: string | undefined, problems: string[], name = 'PORT'): number {
  if (raw === undefined || raw.trim() === '') return 21114;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    problems.push(`${name} must be a whole number from 0 to 65535 (got "${raw}").`);
    return 0;
  }
  return n;
}

function parseLogFormat(raw: string | undefined, problems: string[]): Config['logFormat'] {
  const v = raw?.trim().toLowerCase();
  if (!v) return undefined;
  if (v === 'pretty' || v === 'json') return v;
  problems.push(
    `LOG_FORMAT must be pretty or json (got "${raw}"); leave it unset for pretty on a terminal, JSON otherwise.`,
  );
  return undefined;
}

/** A guessable token would publish the fleet's size and sign-in failures; 24+ characters, e.g. `openssl rand -hex 24`. */
function parseMetricsToken(raw: string | undefined, problems: string[]): string | undefined {
  const v = raw?.trim();
  if (!v) return undefined;
  if (v.length < 24) {
    problems.push('METRICS_TOKEN must be at least 24 characters long (e.g. `openssl rand -hex 24`).');
    return undefined;
  }
  return v;
}

function parseDays(name: string, raw: string | undefined, fallback: number, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 3650) {
    problems.push(`${name} must be a whole number of days from 1 to 3650 (got "${raw}").`);
    return fallback;
  }
  return n;
}

function parseDatabaseUrl(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    problems.push(
      'DATABASE_URL must be a postgres:// URL (leave it unset to use SQLite in the data directory).',
    );
    return undefined;
  }
  return raw;
}

/** A duration in (possibly fractional) seconds, returned in milliseconds. */
function parseSeconds(name: string, raw: string | undefined, fallback: number, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return fallback * 1000;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) {
    problems.push(`${name} must be a number of seconds from 0.1 to 3600 (got "${raw}").`);
    return fallback * 1000;
  }
  return Math.round(n * 1000);
}

function parsePublicUrl(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    const url = new URL(raw);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname.length > 1 || url.search) {
      throw new Error('not an origin');
    }
    return url.origin;
  } catch {
    problems.push(
      `DESKGATE_PUBLIC_URL must be an origin such as https://rd.example.com (scheme, host, optional port; no path) (got "${raw}").`,
    );
    return undefined;
  }
}

function parseProxy(name: string, raw: string | undefined, problems: string[]): string {
  const v = raw?.trim() ?? '';
  if (!v) return '';
  try {
    const url = new URL(v);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    return v;
  } catch {
    problems.push(`${name} must be a proxy URL such as http://proxy.example.com:3128 (got "${v}").`);
    return '';
  }
}

function parseTrustProxy(raw: string | undefined): boolean | string {
  const v = raw?.trim();
  if (!v || ['0', 'false', 'no', 'off'].includes(v.toLowerCase())) return false;
  if (['1', 'true', 'yes', 'on'].includes(v.toLowerCase())) return true;
  // Anything else is a comma-separated list of proxy addresses/CIDRs, as Fastify accepts.
  return v;
}

function parseShutdownTimeout(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return 10_000;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 1 || n > 600) {
    problems.push(`DESKGATE_SHUTDOWN_TIMEOUT must be a number of seconds from 1 to 600 (got "${raw}").`);
    return 0;
  }
  return Math.round(n * 1000);
}

function parseSecretKey(raw: string | undefined, problems: string[]): Buffer | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const key = decodeKey(raw.trim());
  if (!key) {
    problems.push(
      'DESKGATE_SECRET_KEY must be 32 bytes as 64 hex characters or base64 (e.g. `openssl rand -hex 32`).',
    );
  }
  return key;
}

function decodeKey(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  const b = Buffer.from(text, 'base64');
  return b.length === 32 ? b : undefined;
}

/** Generated once on first start, kept beside the database with owner-only permissions. */
function loadOrCreateKeyFile(dataDir: string): Buffer {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const key = decodeKey(readFileSync(file, 'utf8').trim());
    if (!key)
      throw new ConfigError([
        `${file} is not a valid key; restore it from backup or set DESKGATE_SECRET_KEY.`,
      ]);
    return key;
  }
  try {
    // Owner-only: the directory holds the key and the database (issue 9 §6).
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  } catch (err) {
    throw new StartupError(`Cannot create the secret key ${file}: ${describeFileError(err, file)}.`);
  }
  return loadOrCreateKeyFile(dataDir);
}
