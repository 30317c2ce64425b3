import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { bootstrapAccounts } from '../src/accounts/index.ts';
import { buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { createDb, type Db, type Dialect } from '../src/db/create-db.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

export const ADMIN_PASSWORD = 'admin-password-1';

/** The dialects this run can test: SQLite always, PostgreSQL when the cluster is up. */
export function dialects(): Dialect[] {
  return inject('pgUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A fresh, empty database: in-memory SQLite, or a new schema in the run's PostgreSQL cluster. */
export async function createTestDb(
  dialect: Dialect,
  { migrate = true } = {},
): Promise<Db & { url: string | undefined }> {
  if (dialect === 'sqlite') {
    const db = createDb({ sqlitePath: ':memory:' });
    if (migrate) await migrateToLatest(db.kysely);
    return { ...db, url: undefined };
  }
  const url = await createPgSchema();
  const db = createDb({ databaseUrl: url, maxConnections: 4 });
  if (migrate) await migrateToLatest(db.kysely);
  return { ...db, url };
}

/** Creates a uniquely named database in the run's cluster and returns its URL. */
export async function createPgSchema(): Promise<string> {
  const base = inject('pgUrl');
  if (!base) throw new Error('PostgreSQL is not available in this run.');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig(
    { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DESKGATE_DATA_DIR: '/nonexistent-test-data-dir' },
    { secretKey: randomBytes(32), ...overrides },
  );
}

export interface TestApp {
  app: FastifyInstance;
  db: Db & { url?: string | undefined };
  config: Config;
  close(): Promise<void>;
}

/** The real app on a fresh database with the first admin created (password ADMIN_PASSWORD). */
export async function buildTestApp(
  dialect: Dialect = 'sqlite',
  overrides: Partial<Config> = {},
): Promise<TestApp> {
  const db = await createTestDb(dialect);
  const config = testConfig(overrides);
  await bootstrapAccounts(db.kysely, ADMIN_PASSWORD);
  const app = await buildApp(config, { db, logger: false });
  await app.ready();
  return {
    app,
    db,
    config,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** A signed-in console session for inject(): the cookie header and the CSRF header to send. */
export interface ConsoleSession {
  headers: { cookie: string; 'x-csrf-token': string };
  userId: string;
}

export async function signIn(
  app: FastifyInstance,
  username = 'admin',
  password = ADMIN_PASSWORD,
): Promise<ConsoleSession> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/console/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'deskgate_session');
  if (!cookie) throw new Error('no session cookie');
  const body = res.json() as { csrfToken: string; user: { id: string } };
  return {
    headers: { cookie: `deskgate_session=${cookie.value}`, 'x-csrf-token': body.csrfToken },
    userId: body.user.id,
  };
}

/** A second DeskGate instance on the same PostgreSQL database (and the same secret key), as behind a load balancer. */
export async function buildSecondInstance(first: TestApp): Promise<TestApp> {
  if (!first.db.url) throw new Error('A second instance needs a PostgreSQL test app.');
  const db = createDb({ databaseUrl: first.db.url, maxConnections: 4 });
  await migrateToLatest(db.kysely);
  const app = await buildApp(first.config, { db, logger: false });
  await app.ready();
  return {
    app,
    db,
    config: first.config,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
