import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestDb, dialects } from '../../test/harness.ts';
import { checkSecretKey } from './key-check.ts';

describe.each(dialects())('secret key check on %s', (dialect) => {
  it('accepts the key the database was first started with and refuses any other, in words', async () => {
    const db = await createTestDb(dialect);
    try {
      const key = randomBytes(32);
      await checkSecretKey(db.kysely, key);
      await checkSecretKey(db.kysely, Buffer.from(key));
      await expect(checkSecretKey(db.kysely, randomBytes(32))).rejects.toThrow(/same\s+DESKGATE_SECRET_KEY/);
    } finally {
      await db.close();
    }
  });

  it('lets two instances starting at once agree on one key', async () => {
    const db = await createTestDb(dialect);
    try {
      const key = randomBytes(32);
      await Promise.all([checkSecretKey(db.kysely, key), checkSecretKey(db.kysely, key)]);
    } finally {
      await db.close();
    }
  });
});
