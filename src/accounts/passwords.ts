import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1): about 20 ms here, cheap enough for a login,
// dear enough for an attacker holding the hashes.
// `algorithm: 2` is Argon2id (the package exports it as an ambient const enum we cannot import).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2id hash in PHC string form. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// The same parameters as every real hash, made once per process (at first import, so the first
// refusal is not the slow one): verifying against it costs what a real verification costs.
const dummyHash = hashPassword('deskgate-dummy-password');

/**
 * False for a wrong password, a malformed hash, or no hash at all (an SSO-only account); never
 * throws on user input. Without a hash it still runs one argon2id verification (against a dummy),
 * so an account without a local password answers as slowly as a wrong password.
 */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verifySafely(await dummyHash, password);
    return false;
  }
  return verifySafely(passwordHash, password);
}

async function verifySafely(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
