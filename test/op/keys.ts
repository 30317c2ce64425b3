import { generateKeyPair, type KeyObject, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { JWK } from 'jose';

const generateRsaKeyPair = promisify(generateKeyPair);

/** An RS256 signing key the OP process owns, so the tampering layer can re-sign with it. */
export interface SigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  privateKey: KeyObject;
}

async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const meta = { kid, alg: 'RS256', use: 'sig' };
  const privateJwk: JWK = { ...privateKey.export({ format: 'jwk' }), ...meta };
  const publicJwk: JWK = { ...publicKey.export({ format: 'jwk' }), ...meta };
  return { kid, privateJwk, publicJwk, privateKey };
}

/**
 * The signing keys shared by every tenant, as Entra shares one key set across tenants. The first key
 * signs (oidc-provider picks the first key per algorithm, notes §3.8); the others are only published.
 */
export class KeySet {
  #keys: SigningKey[];
  #decoy: SigningKey | undefined;

  private constructor(keys: SigningKey[]) {
    this.#keys = keys;
  }

  static async create(): Promise<KeySet> {
    return new KeySet([await generateSigningKey()]);
  }

  get active(): SigningKey {
    const [key] = this.#keys;
    if (!key) throw new Error('the key set is empty');
    return key;
  }

  get all(): readonly SigningKey[] {
    return this.#keys;
  }

  /** Puts a new key in front; with `removeOld`, the previous keys stop being published at once. */
  async rotate(removeOld: boolean): Promise<SigningKey> {
    const key = await generateSigningKey();
    this.#keys = removeOld ? [key] : [key, ...this.#keys];
    return key;
  }

  /** A published-but-unused RSA key, so a kid-less token has several candidate keys. */
  async decoy(): Promise<SigningKey> {
    this.#decoy ??= await generateSigningKey();
    return this.#decoy;
  }
}
