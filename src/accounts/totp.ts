import { createHmac, randomBytes } from 'node:crypto';
import type * as Otpauth from 'otpauth';
import { lazyRequire } from '../system/lazy-module.ts';

// Only accounts with two-factor sign-in need it: loaded on the first enrolment or code check (issue 14: idle RSS).
const loadOtpauth = lazyRequire<typeof Otpauth>('otpauth');

/**
 * TOTP as every authenticator app understands it (RFC 6238 defaults: SHA-1, 6 digits, 30 s) and the
 * one-time backup codes that stand in for a lost phone.
 */
const PERIOD_S = 30;
const BACKUP_CODE_COUNT = 6;

const totpOf = (base32: string, username = '') => {
  const { Secret, TOTP } = loadOtpauth();
  return new TOTP({
    issuer: 'DeskGate',
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_S,
    secret: Secret.fromBase32(base32),
  });
};

/** A fresh 160-bit seed (RFC 4226 §4 recommends 160 bits), base32 as apps display it. */
export function generateTotpSecret(): string {
  return new (loadOtpauth().Secret)({ size: 20 }).base32;
}

/** The `otpauth://totp/…` URI that the QR code carries. */
export function otpauthUri(base32: string, username: string): string {
  return totpOf(base32, username).toString();
}

/** A code as people type it: TOTP codes are 6 digits; anything else is tried as a backup code. */
export const isTotpCode = (code: string) => /^\d{6}$/.test(code.replace(/\s/g, ''));

/**
 * The time-step a code belongs to when it is valid now, with ±1 step for clock drift; undefined
 * when wrong. The caller refuses steps already used (RFC 6238 §5.2).
 */
export function matchTotpStep(base32: string, code: string, now = Date.now()): number | undefined {
  const delta = totpOf(base32).validate({ token: code.replace(/\s/g, ''), timestamp: now, window: 1 });
  if (delta === null) return undefined;
  return Math.floor(now / 1000 / PERIOD_S) + delta;
}

const BACKUP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Six codes like `k3hx-9tpa`: 40 random bits each, no look-alike characters. */
export function generateBackupCodes(): string[] {
  return Array.from({ length: BACKUP_CODE_COUNT }, () => {
    let s = '';
    while (s.length < 8) {
      const b = randomBytes(1)[0] as number;
      // Rejection sampling keeps every character equally likely.
      if (b < 256 - (256 % BACKUP_ALPHABET.length)) s += BACKUP_ALPHABET[b % BACKUP_ALPHABET.length];
    }
    return `${s.slice(0, 4)}-${s.slice(4)}`;
  });
}

/**
 * Backup codes are stored as an HMAC under the instance key: 40 bits are too few for a bare hash,
 * and a copy of the database alone cannot test guesses. Case, spaces and dashes do not matter.
 */
export function hashBackupCode(key: Buffer, userId: string, code: string): string {
  const normal = code.toLowerCase().replace(/[\s-]/g, '');
  return createHmac('sha256', key).update(`backup:${userId}:${normal}`).digest('base64url');
}
