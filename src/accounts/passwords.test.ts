import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';

describe('password hashing (issue 14: no argon2 at start-up)', () => {
  it('the constant dummy hash has the parameters of a real hash, so an account without a password answers as slowly', async () => {
    const params = (phc: string) => phc.split('$').slice(0, 4).join('$');
    expect(params(DUMMY_HASH)).toBe(params(await hashPassword('any password')));
    expect(await verifyPassword(DUMMY_HASH, 'deskgate-dummy-password')).toBe(true);
  });

  it('an account without a local password never matches, not even the dummy password', async () => {
    expect(await verifyPassword(null, 'deskgate-dummy-password')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
