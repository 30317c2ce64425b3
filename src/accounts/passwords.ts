import type * as Argon2 from '@node-rs/argon2';
import { lazyRequire } from '../system/lazy-module.ts';

// The native addon loads with the first password hashed or checked, not at start-up (issue 14: idle RSS).
const loadArgon2 = lazyRequire<typeof Argon2>('@node-rs/argon2');

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1): about 20 ms here, cheap enough for a login,
// dear enough for an attacker holding the hashes.
// `algorithm: 2` is Argon2id (the package exports it as an ambient const enum we cannot import).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2id hash in PHC string form. */
export function hashPassword(password: string): Promise<string> {
  return loadArgon2().hash(password, OPTIONS);
}

// A hash of 'deskgate-dummy-password' with the same parameters as every real hash (OPTIONS): verifying against
// it costs what a real verification costs. A constant, not hashed at start-up: that cost 19 MiB and ≈ 20 ms of
// every start (issue 14), and no refusal is ever the slow first one.
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$HV9EG2ns6ofSUm1kDmfgxQ$9B77kkoWwGipNt9aLcXbzq1d9WVa6KVIpuqnPCROVTI';

/**
 * False for a wrong password, a malformed hash, or no hash at all (an SSO-only account); never
 * throws on user input. Without a hash it still runs one argon2id verification (against a dummy),
 * so an account without a local password answers as slowly as a wrong password.
 */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verifySafely(DUMMY_HASH, password);
    return false;
  }
  return verifySafely(passwordHash, password);
}

async function verifySafely(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await loadArgon2().verify(passwordHash, password);
  } catch {
    return false;
  }
}
