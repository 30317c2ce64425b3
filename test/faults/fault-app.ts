import { Writable } from 'node:stream';
import { expect } from 'vitest';
import { bootstrapAccounts } from '../../src/accounts/index.ts';
import { buildApp, LOG_SERIALIZERS, REDACT_PATHS } from '../../src/app.ts';
import type { Db } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { ADMIN_PASSWORD, type ConsoleSession, signIn, type TestApp, testConfig } from '../harness.ts';

/** The app's pino output, parsed line by line (what an operator's log collector would get). */
export interface LogCapture {
  stream: Writable;
  entries(): Array<Record<string, unknown> & { level: number; msg?: string }>;
  /** Entries whose message contains `text`. */
  find(text: string): Array<Record<string, unknown> & { msg?: string }>;
}

export function captureLog(): LogCapture {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const entries = () =>
    lines.map((l) => JSON.parse(l) as Record<string, unknown> & { level: number; msg?: string });
  return { stream, entries, find: (text) => entries().filter((e) => e.msg?.includes(text)) };
}

/** The real app on `db` (migrated, first admin created), logging at info level into `log`. */
export async function buildFaultApp(db: Db, log: LogCapture): Promise<TestApp & { session: ConsoleSession }> {
  await migrateToLatest(db.kysely);
  await bootstrapAccounts(db.kysely, ADMIN_PASSWORD);
  const config = testConfig();
  const app = await buildApp(config, {
    db,
    logger: {
      level: 'info',
      stream: log.stream,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: LOG_SERIALIZERS,
    },
  });
  await app.ready();
  const session = await signIn(app);
  return {
    app,
    db,
    config,
    session,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

let userCounter = 0;

/** Creates a user through the console API; returns the status and, on 201, the username (an acknowledged write). */
export async function createUser(t: TestApp & { session: ConsoleSession }, note = '') {
  const username = `user${process.pid}x${++userCounter}`;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/console/users',
    headers: t.session.headers,
    payload: { username, note },
  });
  return { res, username: res.statusCode === 201 ? username : undefined };
}

/** What a person sees when storage fails: 503, a Retry-After, the code and a sentence — never a 500. */
export function expectUnavailable(
  res: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  code: string,
): void {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(503);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  const body = res.json() as { code: string; error: string };
  expect(body.code).toBe(code);
  expect(body.error).toMatch(/^[A-Z].{20,}\.$/);
}

/** Polls `fn` until it returns true; returns the milliseconds it took (fails after `withinMs`). */
export async function waitUntil(fn: () => Promise<boolean>, withinMs: number, stepMs = 100): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < withinMs) {
    if (await fn()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`not within ${withinMs} ms`);
}
