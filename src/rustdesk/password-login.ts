import type { Kysely } from 'kysely';
import { hasTwoFactor, insertChallenge, passChallenge, verifyLocalLogin } from '../accounts/index.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database, UserRow } from '../db/schema.ts';
import { approveOnSignIn } from '../devices/approval.ts';
import { startEmailChallenge } from '../email/login-code.ts';
import { badRequest } from '../errors.ts';
import { assertPasswordSignInAllowed } from '../sso/password-policy.ts';
import { issueClientToken } from './tokens.ts';
import { toClientUser } from './user-object.ts';

/** The body of `POST /api/login` as the client sends it, both legs (spec §3.2). */
export interface ClientLoginBody {
  username: string;
  password?: string | undefined;
  id?: string | undefined;
  uuid?: string | undefined;
  type?: string | undefined;
  deviceInfo?: unknown;
  verificationCode?: string | undefined;
  tfaCode?: string | undefined;
  secret?: string | undefined;
}

/**
 * Password sign-in of the RustDesk client. Leg 1 checks the password; for a user with TOTP it
 * answers `type: "email_check"` + `tfa_type: "tfa_check"` (a top-level `tfa_check` breaks the
 * client) and a `secret`, the id of a database challenge bound to the user and device. Leg 2 comes
 * back as `type: "email_code"` with the code in `tfaCode` (Flutter; Sciter may leave it "") and
 * `verificationCode`; no password. With email login verification on (src/email/login-code.ts) a user
 * without TOTP gets `tfa_type: "email_check"` and answers with the mailed code in `verificationCode`.
 */
export async function clientPasswordLogin(
  db: Kysely<Database>,
  key: Buffer,
  body: ClientLoginBody,
  ip: string,
) {
  const device = { id: body.id ?? '', uuid: body.uuid ?? '' };
  if (body.type === 'email_code') {
    const code = body.tfaCode || body.verificationCode;
    if (!body.secret || !code) {
      throw badRequest('Enter the 6-digit code from your authenticator app.');
    }
    const { user, factor } = await passChallenge(db, key, {
      challengeId: body.secret,
      purpose: 'client',
      code,
      ip,
      username: body.username,
      device,
    });
    return signedIn(db, key, user, body, ip, factor);
  }
  const user = await verifyLocalLogin(
    db,
    { username: body.username, password: body.password ?? '', ip },
    key,
  );
  await assertPasswordSignInAllowed(db, user);
  if (await hasTwoFactor(db, user.id)) {
    const secret = await insertChallenge(db, {
      userId: user.id,
      usernameKey: user.username_key,
      purpose: 'client',
      method: 'password',
      deviceId: device.id,
      deviceUuid: device.uuid,
    });
    return {
      type: 'email_check' as const,
      tfa_type: 'tfa_check' as const,
      secret,
      user: { name: user.username },
    };
  }
  const emailed = await startEmailChallenge(db, key, user, {
    userId: user.id,
    usernameKey: user.username_key,
    purpose: 'client',
    method: 'password',
    deviceId: device.id,
    deviceUuid: device.uuid,
  });
  if (emailed) {
    // §3.2: tfa_type "email_check" opens the client's email-code dialog, which shows user.email; leg 2
    // sends the code as verificationCode only (flutter/lib/common/widgets/login.dart verificationCodeDialog).
    return {
      type: 'email_check' as const,
      tfa_type: 'email_check' as const,
      secret: emailed.challenge,
      user: { name: user.username, email: user.email },
    };
  }
  return signedIn(db, key, user, body, ip, 'none');
}

async function signedIn(
  db: Kysely<Database>,
  key: Buffer,
  user: UserRow,
  body: ClientLoginBody,
  ip: string,
  factor: string,
) {
  const token = await issueClientToken(db, user.id, {
    id: body.id ?? '',
    uuid: body.uuid ?? '',
    info: body.deviceInfo,
  });
  await approveOnSignIn(db, user, { id: body.id ?? '', uuid: body.uuid ?? '' }, ip, key);
  await recordAudit(db, { id: user.id, name: user.username, ip }, 'client.login', user.username, {
    device: body.id ?? '',
    secondFactor: factor,
  });
  return { type: 'access_token' as const, access_token: token, user: toClientUser(user) };
}
