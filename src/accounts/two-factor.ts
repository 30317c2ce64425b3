import type { Kysely } from 'kysely';
import type QRCode from 'qrcode';
import { recordAudit } from '../audit/audit.ts';
import type { Database, UserRow } from '../db/schema.ts';
import { checkEmailCode } from '../email/login-code.ts';
import { AppError } from '../errors.ts';
import { openSecret, sealSecret } from '../security/secret-box.ts';
import { hashToken } from '../security/tokens.ts';
import { lazyRequire } from '../system/lazy-module.ts';
import { reserveAttempt } from './throttle.ts';
import {
  generateBackupCodes,
  generateTotpSecret,
  hashBackupCode,
  isTotpCode,
  matchTotpStep,
  otpauthUri,
} from './totp.ts';
import {
  claimTotpStep,
  confirmEnrolment,
  consumeBackupCode,
  countChallengeFailure,
  findChallenge,
  findTwoFactor,
  insertChallenge,
  savePendingEnrolment,
  takeChallenge,
} from './two-factor.repo.ts';
import { findUserById } from './users.repo.ts';

// Loaded by the first enrolment, not at start-up (issue 14: idle RSS).
const loadQrCode = lazyRequire<typeof QRCode>('qrcode');

const secretContext = (userId: string) => `user:${userId}:totp_secret`;

const WRONG_CODE =
  'The code is wrong or was already used. Enter the current code from your authenticator app, or a backup code.';

/** Whether sign-in of this user asks for a second factor (a confirmed TOTP enrolment). */
export async function hasTwoFactor(db: Kysely<Database>, userId: string): Promise<boolean> {
  return (await findTwoFactor(db, userId))?.confirmed_at != null;
}

/** Step 1 of enrolment: a new seed, sealed at rest, shown once as text, URI and QR code. */
export async function startEnrolment(db: Kysely<Database>, key: Buffer, user: UserRow) {
  if (await hasTwoFactor(db, user.id)) {
    throw new AppError(
      'CONFLICT',
      409,
      'Two-factor sign-in is already on. Turn it off first to enrol a new device.',
    );
  }
  const secret = generateTotpSecret();
  await savePendingEnrolment(db, user.id, sealSecret(key, secret, secretContext(user.id)));
  const uri = otpauthUri(secret, user.username);
  return { secret, otpauthUri: uri, qrCode: await loadQrCode().toDataURL(uri, { margin: 1, width: 220 }) };
}

/** Step 2: a current code proves the app works; returns the backup codes, shown this once. */
export async function finishEnrolment(db: Kysely<Database>, key: Buffer, user: UserRow, code: string) {
  const row = await findTwoFactor(db, user.id);
  if (!row)
    throw new AppError('BAD_REQUEST', 400, 'Start the enrolment first: there is no QR code to confirm.');
  if (row.confirmed_at != null) throw new AppError('CONFLICT', 409, 'Two-factor sign-in is already on.');
  const step = matchTotpStep(openSecret(key, row.secret_sealed, secretContext(user.id)), code);
  if (step === undefined || !(await claimTotpStep(db, user.id, step))) {
    throw new AppError(
      'INVALID_CODE',
      400,
      'The code does not match. Enter the 6-digit code your authenticator app shows now.',
    );
  }
  const codes = generateBackupCodes();
  await confirmEnrolment(
    db,
    user.id,
    codes.map((c) => hashBackupCode(key, user.id, c)),
  );
  return codes;
}

/**
 * Checks a TOTP code (each time-step once, ±1 step) or uses up a backup code. Returns which one
 * matched, or undefined. Not throttled here: callers throttle.
 */
export async function checkSecondFactor(
  db: Kysely<Database>,
  key: Buffer,
  userId: string,
  code: string,
): Promise<'totp' | 'backup' | undefined> {
  const row = await findTwoFactor(db, userId);
  if (!row || row.confirmed_at == null) return undefined;
  if (isTotpCode(code)) {
    const step = matchTotpStep(openSecret(key, row.secret_sealed, secretContext(userId)), code);
    return step !== undefined && (await claimTotpStep(db, userId, step)) ? 'totp' : undefined;
  }
  if (code.length > 64) return undefined;
  return (await consumeBackupCode(db, userId, hashBackupCode(key, userId, code))) ? 'backup' : undefined;
}

export interface ChallengeAnswer {
  challengeId: string;
  purpose: 'console' | 'client';
  code: string;
  ip: string;
  /** The client sends the username back (spec §3.2 leg 2); it must be the challenge's. */
  username?: string;
  device?: { id: string; uuid: string };
}

/**
 * The second step of a sign-in: the challenge must be live and match, the code right. Each code
 * reserves an attempt of the account's second-factor budget at this address and of the address's
 * budget before it is checked (throttle.ts); wrong codes also count against the challenge; the
 * right code uses the challenge up.
 */
export async function passChallenge(db: Kysely<Database>, key: Buffer, answer: ChallengeAnswer) {
  const expired = new AppError(
    'CHALLENGE_EXPIRED',
    401,
    'This sign-in has expired or was already completed. Sign in again.',
  );
  const challenge = await findChallenge(db, answer.challengeId, answer.purpose);
  if (!challenge) throw expired;
  if (answer.username !== undefined && answer.username.trim().toLowerCase() !== challenge.username_key)
    throw expired;
  if (
    answer.device &&
    (answer.device.id !== challenge.device_id || answer.device.uuid !== challenge.device_uuid)
  )
    throw expired;
  const attempt = await reserveAttempt(db, {
    kind: '2fa',
    username: challenge.username_key,
    ip: answer.ip,
  });
  // A challenge answered by mail takes only its emailed code (src/email/login-code.ts).
  const emailed = await checkEmailCode(db, key, challenge.id_hash, answer.code);
  const factor =
    emailed === null ? await checkSecondFactor(db, key, challenge.user_id, answer.code) : emailed;
  if (!factor) {
    await countChallengeFailure(db, challenge);
    await recordAudit(
      db,
      { id: challenge.user_id, name: challenge.username_key, ip: answer.ip },
      'auth.2fa.failure',
      challenge.username_key,
      {
        purpose: challenge.purpose,
        method: challenge.method,
      },
    );
    throw new AppError('INVALID_CODE', 401, WRONG_CODE);
  }
  if (!(await takeChallenge(db, hashToken(answer.challengeId)))) throw expired;
  await attempt.succeeded();
  const user = await findUserById(db, challenge.user_id);
  if (!user || user.status !== 1) {
    throw new AppError('USER_DISABLED', 403, 'This account is disabled. Ask an administrator to enable it.');
  }
  return { user, challenge, factor };
}

/** Where a challenge's id goes back to the console login page (SSO sign-ins). */
const SECOND_FACTOR_PAGE = '/login?tfa=';

/**
 * Whether an SSO sign-in of this user must still pass local 2FA: the provider does not skip it
 * (`skipLocal2fa: false`; the default skips, the IdP did MFA) and the user has it on.
 */
export async function ssoNeedsSecondFactor(
  db: Kysely<Database>,
  userId: string,
  skipLocal2fa: boolean,
): Promise<boolean> {
  return !skipLocal2fa && (await hasTwoFactor(db, userId));
}

/**
 * The SSO hook for console sign-ins: the login-page URL that asks for the code before any session
 * starts (and its challenge id), or undefined when no code is needed.
 */
export async function ssoSecondFactorUrl(
  db: Kysely<Database>,
  user: UserRow,
  sso: { name: string; skipLocal2fa: boolean; returnTo: string },
): Promise<{ url: string; challenge: string } | undefined> {
  if (!(await ssoNeedsSecondFactor(db, user.id, sso.skipLocal2fa))) return undefined;
  const challenge = await insertChallenge(db, {
    userId: user.id,
    usernameKey: user.username_key,
    purpose: 'console',
    method: `sso:${sso.name}`,
    returnTo: sso.returnTo,
  });
  return { url: `${SECOND_FACTOR_PAGE}${encodeURIComponent(challenge)}`, challenge };
}
