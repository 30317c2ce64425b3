import { createHmac, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { insertChallenge, type NewChallenge } from '../accounts/two-factor.repo.ts';
import type { Database, UserRow } from '../db/schema.ts';
import { hashToken, safeEqual } from '../security/tokens.ts';
import { sendMail } from './mailer.ts';
import { findMailPrefs } from './prefs.repo.ts';
import { isLoginVerificationForAll, loadMailConfig } from './settings.repo.ts';
import { loginCodeMail } from './templates.ts';

/** An emailed code works once, for ten minutes. */
const EMAIL_CODE_TTL_MS = 10 * 60 * 1000;

const hashCode = (key: Buffer, challengeHash: string, code: string) =>
  createHmac('sha256', key).update(`email-code:${challengeHash}:${code}`).digest('base64url');

/**
 * Email login verification (Pro's "email 2FA"): when SMTP is set up, the user has an address and the
 * check is on for everyone or for them, a password sign-in gets a challenge answered by a 6-digit
 * code sent by mail. Returns the challenge, or undefined when no code is asked for. Callers ask for
 * TOTP first: an enrolled authenticator is the stronger factor.
 */
export async function startEmailChallenge(
  db: Kysely<Database>,
  key: Buffer,
  user: UserRow,
  challenge: NewChallenge,
): Promise<{ challenge: string; expiresAt: number } | undefined> {
  if (!user.email) return undefined;
  const prefs = await findMailPrefs(db, user.id);
  if (!prefs.loginVerification && !(await isLoginVerificationForAll(db))) return undefined;
  const config = await loadMailConfig(db, key);
  if (!config) return undefined;
  const id = await insertChallenge(db, challenge);
  const idHash = hashToken(id);
  const expiresAt = Date.now() + EMAIL_CODE_TTL_MS;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await db
    .updateTable('two_factor_challenges')
    .set({ expires_at: expiresAt })
    .where('id_hash', '=', idHash)
    .execute();
  await db.deleteFrom('email_login_codes').where('expires_at', '<=', Date.now()).execute();
  await db
    .insertInto('email_login_codes')
    .values({ challenge_hash: idHash, code_hash: hashCode(key, idHash, code), expires_at: expiresAt })
    .execute();
  await sendMail(config, { to: user.email, ...loginCodeMail(prefs.language, user.username, code) });
  return { challenge: id, expiresAt };
}

/**
 * Checks the answer to a challenge that was sent by mail: 'email' when right (the challenge, taken
 * by the caller, makes it single use), undefined when wrong, null when the challenge has no emailed
 * code (a TOTP challenge).
 */
export async function checkEmailCode(
  db: Kysely<Database>,
  key: Buffer,
  challengeHash: string,
  code: string,
): Promise<'email' | undefined | null> {
  const row = await db
    .selectFrom('email_login_codes')
    .selectAll()
    .where('challenge_hash', '=', challengeHash)
    .executeTakeFirst();
  if (!row) return null;
  if (row.expires_at <= Date.now() || !/^\d{6}$/.test(code.trim())) return undefined;
  if (!safeEqual(row.code_hash, hashCode(key, challengeHash, code.trim()))) return undefined;
  await db.deleteFrom('email_login_codes').where('challenge_hash', '=', challengeHash).execute();
  return 'email';
}
