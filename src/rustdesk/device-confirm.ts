import type { Kysely } from 'kysely';
import { findUserById } from '../accounts/index.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database, DeviceLoginRow } from '../db/schema.ts';
import { approveOnSignIn } from '../devices/approval.ts';
import { sealSecret } from '../security/secret-box.ts';
import { hashToken, safeEqual } from '../security/tokens.ts';
import {
  confirmationOf,
  type DeviceLoginConfirmation,
  deviceInfoOf,
  tokenContext,
} from './device-login-info.ts';
import { findDeviceLoginById, markDeviceLoginApproved, markDeviceLoginDenied } from './device-logins.repo.ts';
import type { DeviceLoginOutcome } from './oidc-device-login.ts';
import { issueClientToken } from './tokens.ts';

// Issue 9 §1: a device login link can be started by anyone and mailed to a victim whose IdP session
// answers silently. So the token exists only after the person, on DeskGate's own page in the browser that
// did the callback, saw which device asks and from where, and pressed Approve.

/** What the client's next poll says after Deny (a 4xx with this sentence; the client shows it and stops). */
const DENIED_MESSAGE =
  'This sign-in was denied in the browser. Click the sign-in button in RustDesk again if you want to sign in.';

/** The confirmation form as posted, plus what only the browser and the request can tell. */
export interface DeviceLoginDecision {
  loginId: string;
  /** The form's hidden copy of the confirmation secret. */
  confirm: string;
  /** The HttpOnly cookie's copy; absent in any browser but the one that did the callback. */
  cookie: string | undefined;
  decision: 'approve' | 'deny';
  /** The device ID the person typed (required when the addresses differ). */
  typedId: string | undefined;
  ip: string;
}

/** RustDesk shows IDs in groups ("123 456 789"); people copy them either way. */
const sameId = (typed: string | undefined, id: string) =>
  typed !== undefined && typed.replace(/\s+/g, '') === id.replace(/\s+/g, '');

/** The result page's refusal; its sentence comes from the page's own (translated) reasons. */
const refused = (
  row: DeviceLoginRow | undefined,
  code = 'DEVICE_LOGIN_EXPIRED',
): Extract<DeviceLoginOutcome, { ok: false }> => ({
  ok: false,
  code,
  message: '',
  deviceId: row?.device_id ?? '',
  deviceName: deviceInfoOf(row).name,
});

class AlreadyDecided extends Error {}

/**
 * Approve or Deny on the confirmation page. Bound to the browser (cookie = form field = the secret whose
 * hash the row holds), single use (one atomic status change), and, when the client's and the browser's
 * addresses differ, only with the device ID typed. Returns the page to show: the result, or the
 * confirmation again when the typed ID did not match.
 */
export async function decideDeviceLogin(
  db: Kysely<Database>,
  key: Buffer,
  input: DeviceLoginDecision,
): Promise<DeviceLoginOutcome | DeviceLoginConfirmation> {
  const row = await findDeviceLoginById(db, input.loginId);
  if (!row || row.expires_at < Date.now()) return refused(row);
  const secret = input.cookie ?? '';
  const bound =
    secret !== '' &&
    safeEqual(secret, input.confirm) &&
    row.confirm_hash !== null &&
    safeEqual(hashToken(secret), row.confirm_hash);
  if (!bound) {
    await recordRefusal(db, row, input.ip, 'not the browser that signed in');
    return refused(row, 'DEVICE_CONFIRM_OTHER_BROWSER');
  }
  const user = row.user_id ? await findUserById(db, row.user_id) : undefined;
  if (row.status !== 'awaiting_approval' || !user) return refused(row);
  const actor = { id: user.id, name: user.username, ip: input.ip };
  const detail = (decision: string) => ({
    provider: row.provider_name,
    device: row.device_id,
    deviceName: deviceInfoOf(row).name,
    decision,
    clientIp: row.client_ip,
    browserIp: input.ip,
  });
  const confirmHash = row.confirm_hash as string;

  if (input.decision === 'deny') {
    const denied = await markDeviceLoginDenied(db, row.id, {
      confirmHash,
      browserIp: input.ip,
      message: DENIED_MESSAGE,
    });
    if (!denied) return refused(row);
    await recordAudit(db, actor, 'client.oidc.login.denied', user.username, detail('denied'));
    return refused(row, 'DEVICE_LOGIN_DENIED');
  }

  if (row.client_ip !== input.ip && !sameId(input.typedId, row.device_id)) {
    await recordRefusal(db, row, input.ip, 'device ID not typed or wrong');
    return { ...confirmationOf(row, user, secret, input.ip), error: 'ID_MISMATCH' };
  }
  try {
    await db.transaction().execute(async (trx) => {
      const issued = await issueClientToken(
        trx,
        user.id,
        {
          id: row.device_id,
          uuid: row.device_uuid,
          info: JSON.parse(row.device_info),
        },
        { providerId: row.provider_id, sid: row.sso_sid },
      );
      await approveOnSignIn(trx, user, { id: row.device_id, uuid: row.device_uuid }, input.ip, key);
      const done = await markDeviceLoginApproved(trx, row.id, {
        confirmHash,
        browserIp: input.ip,
        tokenSealed: sealSecret(key, issued, tokenContext(row.id)),
        tokenHash: hashToken(issued),
      });
      // Approved or denied elsewhere meanwhile, or expired: the rollback takes the token back.
      if (!done) throw new AlreadyDecided();
    });
  } catch (err) {
    if (err instanceof AlreadyDecided) return refused(row);
    throw err;
  }
  await recordAudit(db, actor, 'client.oidc.login.success', user.username, detail('approved'));
  return {
    ok: true,
    userName: user.display_name || user.username,
    deviceId: row.device_id,
    deviceName: deviceInfoOf(row).name,
  };
}

/** An Approve / Deny that changed nothing: from another browser, or without the right device ID. */
async function recordRefusal(db: Kysely<Database>, row: DeviceLoginRow, ip: string, reason: string) {
  await recordAudit(db, { id: null, name: '', ip }, 'client.oidc.login.confirm-refused', '', {
    provider: row.provider_name,
    device: row.device_id,
    reason,
    clientIp: row.client_ip,
    browserIp: ip,
  });
}
