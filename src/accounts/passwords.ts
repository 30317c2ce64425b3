import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1): about 20 ms here, cheap enough for a login,
// dear enough for an attacker holding the hashes.
// `algorithm: 2` is Argon2id (the package exports it as an ambient const enum we cannot import).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2id hash in PHC string form. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False for a wrong password or a malformed hash; never throws on user input. */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the user does not exist keeps the timing of "no such user" and
// "wrong password" alike, so response time does not enumerate accounts.
let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real verification. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword('deskgate-dummy-password');
  await verifyPassword(await dummyHash, password);
}
