import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import type { ConsoleSession } from './harness.ts';

/** The current code of an authenticator app holding `secret`, `offsetSteps` time-steps away. */
export function totpCode(secret: string, offsetSteps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

/** Enrols the signed-in user in TOTP through the console API, as the Settings page does. */
export async function enrolTotp(app: FastifyInstance, session: ConsoleSession) {
  const start = await app.inject({
    method: 'POST',
    url: '/api/console/auth/2fa/enrol',
    headers: session.headers,
  });
  if (start.statusCode !== 200) throw new Error(`enrol failed: ${start.statusCode} ${start.body}`);
  const { secret, otpauthUri, qrCode } = start.json() as {
    secret: string;
    otpauthUri: string;
    qrCode: string;
  };
  const confirm = await app.inject({
    method: 'POST',
    url: '/api/console/auth/2fa/confirm',
    headers: session.headers,
    payload: { code: totpCode(secret) },
  });
  if (confirm.statusCode !== 200) throw new Error(`confirm failed: ${confirm.statusCode} ${confirm.body}`);
  return {
    secret,
    otpauthUri,
    qrCode,
    backupCodes: (confirm.json() as { backupCodes: string[] }).backupCodes,
  };
}

/** Creates a local user with a password through the admin API. */
export async function createLocalUser(
  app: FastifyInstance,
  admin: ConsoleSession,
  username: string,
  password: string,
) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/console/users',
    headers: admin.headers,
    payload: { username, password },
  });
  if (res.statusCode !== 201) throw new Error(`create user failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}
