import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialects } from '../../test/harness.ts';
import type { Db } from '../db/create-db.ts';
import {
  ACCOUNT_SLOWDOWN,
  ADDRESS_BUDGET,
  clearAccountThrottle,
  PAIR_BUDGET,
  pruneExpiredThrottle,
  reserveAttempt,
  slowDownFor,
} from './throttle.ts';

describe.each(dialects())('sign-in throttle on %s', (dialect) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => db.close());
  const counts = async () =>
    Object.fromEntries(
      (await db.kysely.selectFrom('login_throttle').select(['key', 'attempts']).execute()).map((r) => [
        r.key,
        r.attempts,
      ]),
    );
  const status = (p: Promise<unknown>) =>
    p.then(
      () => 'granted',
      (err: { status?: number }) => err.status,
    );

  it('grants the pair budget, then refuses until the window ends, then starts again', async () => {
    const now = 1_000_000;
    const who = { kind: 'pw' as const, username: 'Ann', ip: '10.0.0.1' };
    for (let i = 0; i < PAIR_BUDGET.limit; i++)
      expect(await status(reserveAttempt(db.kysely, who, now))).toBe('granted');
    expect(await status(reserveAttempt(db.kysely, who, now + 1000))).toBe(429);
    // Another address is another budget; the same address after the window is a fresh one.
    expect(await status(reserveAttempt(db.kysely, { ...who, ip: '10.0.0.2' }, now))).toBe('granted');
    expect(await status(reserveAttempt(db.kysely, who, now + PAIR_BUDGET.windowMs))).toBe('granted');
  });

  it('refunds a right attempt: the pair clears, address and account get theirs back', async () => {
    await db.kysely.deleteFrom('login_throttle').execute();
    const who = { kind: 'pw' as const, username: 'bob', ip: '10.0.0.3' };
    await reserveAttempt(db.kysely, who);
    const right = await reserveAttempt(db.kysely, who);
    expect(await counts()).toEqual({ 'ip:10.0.0.3': 2, 'pw:bob|10.0.0.3': 2, 'pw:bob': 2 });
    await right.succeeded();
    expect(await counts()).toEqual({ 'ip:10.0.0.3': 1, 'pw:bob': 1 });
  });

  it('refuses an address past its budget whatever the account', async () => {
    await db.kysely.deleteFrom('login_throttle').execute();
    for (let i = 0; i < ADDRESS_BUDGET.limit; i++)
      await reserveAttempt(db.kysely, { kind: 'pw', username: `user${i}`, ip: '10.0.0.4' });
    expect(await status(reserveAttempt(db.kysely, { kind: 'pw', username: 'new', ip: '10.0.0.4' }))).toBe(
      429,
    );
  });

  it('clears every counter of one account, and prunes ended windows', async () => {
    await db.kysely.deleteFrom('login_throttle').execute();
    await reserveAttempt(db.kysely, { kind: 'pw', username: 'Cy', ip: '10.0.0.5' });
    await reserveAttempt(db.kysely, { kind: '2fa', username: 'cy', ip: '10.0.0.6' });
    await reserveAttempt(db.kysely, { kind: 'pw', username: 'dee', ip: '10.0.0.5' }, 0);
    await clearAccountThrottle(db.kysely, 'CY');
    expect(Object.keys(await counts()).sort()).toEqual([
      'ip:10.0.0.5',
      'ip:10.0.0.6',
      'pw:dee',
      'pw:dee|10.0.0.5',
    ]);
    await pruneExpiredThrottle(db.kysely);
    expect(Object.keys(await counts()).sort()).toEqual(['ip:10.0.0.5', 'ip:10.0.0.6']);
  });

  it('slows the account down only past its free attempts, and never beyond the cap', () => {
    expect(slowDownFor(ACCOUNT_SLOWDOWN.free - 1)).toBe(0);
    expect(slowDownFor(ACCOUNT_SLOWDOWN.free)).toBe(ACCOUNT_SLOWDOWN.stepMs);
    expect(slowDownFor(ACCOUNT_SLOWDOWN.free + 1)).toBe(2 * ACCOUNT_SLOWDOWN.stepMs);
    expect(slowDownFor(1000)).toBe(ACCOUNT_SLOWDOWN.maxDelayMs);
  });
});
