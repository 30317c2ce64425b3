import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findUserById, ssoNeedsSecondFactor } from '../accounts/index.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database, DeviceLoginRow, OidcProviderRow, PendingLoginRow } from '../db/schema.ts';
import { AppError, badRequest } from '../errors.ts';
import { openSecret } from '../security/secret-box.ts';
import { hashToken, randomToken } from '../security/tokens.ts';
import { providerOrigin } from '../sso/callback-origin.ts';
import { startSignIn } from '../sso/flow.ts';
import { resolveUser, SignInRefused } from '../sso/identities.ts';
import type { OutboundProxy } from '../sso/outbound.ts';
import { findProviderByName, toApiProvider } from '../sso/providers.repo.ts';
import type { Claims } from '../sso/rules.ts';
import {
  confirmationOf,
  type DeviceLoginConfirmation,
  deviceInfoOf,
  tokenContext,
} from './device-login-info.ts';
import {
  findDeviceLoginByCode,
  findDeviceLoginById,
  insertDeviceLogin,
  markDeviceLoginAwaitingApproval,
  markDeviceLoginFailed,
  takeSealedToken,
} from './device-logins.repo.ts';
import { toClientUser } from './user-object.ts';

/**
 * The client polls for 180 s (spec §4.1, QUERY_TIMEOUT_SECS); 20 s more cover clock and network slack.
 * A login finished later would hand a token to a client that stopped listening.
 */
export const DEVICE_LOGIN_TTL_MS = (180 + 20) * 1000;

/** The literal the client keeps polling on (spec §4.3, substring match). */
export const STILL_PENDING = 'No authed oidc is found';

/**
 * Device logins always make the IdP show itself (OIDC Core §3.1.2.1): with a silent single sign-on, a
 * link someone else started would finish without the person seeing anything at the IdP.
 */
const DEVICE_LOGIN_PROMPT = 'select_account';

export interface DeviceLoginStart {
  op: string;
  id: string;
  uuid: string;
  deviceInfo?: unknown;
}

/** `POST /api/oidc/auth` (spec §4.2): a pending device login in the database and the IdP URL to open. */
export async function startDeviceLogin(
  db: Kysely<Database>,
  key: Buffer,
  proxy: OutboundProxy,
  input: DeviceLoginStart,
  publicUrl: string | undefined,
  clientIp: string,
): Promise<{ code: string; url: string }> {
  if (!input.id || !input.uuid)
    throw badRequest('The request names no device (id and uuid are empty). Update RustDesk and try again.');
  const provider = await findProviderByName(db, input.op);
  if (!provider || provider.enabled !== 1)
    throw new AppError(
      'NOT_FOUND',
      404,
      `There is no enabled sign-in provider named "${input.op}". Reopen the login dialog to see the current ones.`,
    );
  const id = randomUUID();
  const code = randomToken();
  let url: string;
  try {
    ({ url } = await startSignIn(db, key, proxy, provider, {
      // The provider's origin, whatever address (or forged Host) this client used (issue 9 §6).
      origin: providerOrigin(provider, publicUrl),
      returnTo: '/',
      purpose: 'device',
      deviceLoginId: id,
      prompt: DEVICE_LOGIN_PROMPT,
    }));
  } catch (err) {
    // A 5xx would make the client retry through the hbbs TCP proxy (spec §1.2) and lose the reason.
    if (err instanceof AppError && err.status >= 500) throw new AppError(err.code, 424, err.message);
    throw err;
  }
  const now = Date.now();
  await insertDeviceLogin(db, {
    id,
    code_hash: hashToken(code),
    provider_id: provider.id,
    provider_name: provider.name,
    device_id: input.id,
    device_uuid: input.uuid,
    device_info: JSON.stringify(input.deviceInfo ?? {}),
    status: 'pending',
    failure_code: '',
    failure: '',
    user_id: null,
    token_sealed: null,
    token_hash: null,
    created_at: now,
    expires_at: now + DEVICE_LOGIN_TTL_MS,
    client_ip: clientIp,
    browser_ip: '',
    confirm_hash: null,
    decided_at: null,
    sso_sid: null,
  });
  return { code, url };
}

/** The AuthBody of spec §4.3; `user` satisfies the client's strict parser (§3.5). */
export interface AuthBody {
  access_token: string;
  type: 'access_token';
  tfa_type: string;
  secret: string;
  user: ReturnType<typeof toClientUser>;
}

/**
 * `GET /api/oidc/auth-query` (spec §4.3): `STILL_PENDING` while the person is at the IdP or on the
 * confirmation page, the token once approved; every other outcome (denied, failed, expired) is a 4xx
 * AppError whose message the client shows and stops on.
 */
export async function pollDeviceLogin(
  db: Kysely<Database>,
  key: Buffer,
  query: { code: string; id: string; uuid: string },
): Promise<AuthBody | typeof STILL_PENDING> {
  const row = await findDeviceLoginByCode(db, query.code);
  const again = 'Click the sign-in button in RustDesk again.';
  if (!row) throw new AppError('NOT_FOUND', 404, `This sign-in is unknown or has expired. ${again}`);
  if (row.device_id !== query.id || row.device_uuid !== query.uuid)
    throw new AppError('FORBIDDEN', 403, `This sign-in was started on another device. ${again}`);
  if (row.expires_at < Date.now()) {
    await revokeUnfetchedToken(db, row);
    throw new AppError('NOT_FOUND', 404, `This sign-in has expired. ${again}`);
  }
  if (row.status === 'pending' || row.status === 'awaiting_approval') return STILL_PENDING;
  if (row.status === 'failed' || row.status === 'denied') throw new AppError('FORBIDDEN', 403, row.failure);
  const used = new AppError(
    'CONFLICT',
    409,
    `This sign-in is complete and its token was already handed out once. ${again}`,
  );
  if (!row.token_sealed || !row.user_id || !(await takeSealedToken(db, row))) throw used;
  const token = openSecret(key, row.token_sealed, tokenContext(row.id));
  const user = await findUserById(db, row.user_id);
  if (!user || user.status !== 1) {
    await revokeUnfetchedToken(db, row);
    throw new AppError(
      'USER_DISABLED',
      403,
      'Your DeskGate account is disabled. Ask an administrator to enable it.',
    );
  }
  return { access_token: token, type: 'access_token', tfa_type: '', secret: '', user: toClientUser(user) };
}

async function revokeUnfetchedToken(db: Kysely<Database>, row: DeviceLoginRow): Promise<void> {
  if (row.token_hash) await db.deleteFrom('client_tokens').where('token_hash', '=', row.token_hash).execute();
}

/** What the browser tab that finished a device login is told. */
export type DeviceLoginOutcome =
  | { ok: true; userName: string; deviceId: string; deviceName: string }
  | { ok: false; code: string; message: string; deviceId: string; deviceName: string };

const deviceNameOf = (row: DeviceLoginRow | undefined) => deviceInfoOf(row).name;

/**
 * The callback of a device login: the same user rules as console sign-ins (resolveUser), then the login
 * waits for this browser's Approve on DeskGate's confirmation page (device-confirm.ts). No token and no
 * console session exist yet; only the resolved user and the hash of the page's confirmation secret.
 */
export async function finishDeviceLogin(
  db: Kysely<Database>,
  input: {
    pending: PendingLoginRow;
    provider: OidcProviderRow;
    claims: Claims;
    ip: string;
    /** The ID token's `sid`, kept for the client token (IdP-started logout). */
    sid?: string | null;
  },
): Promise<DeviceLoginOutcome | DeviceLoginConfirmation> {
  const row = await findDeviceLoginById(db, input.pending.device_login_id ?? '');
  if (!row || row.status !== 'pending' || row.expires_at < Date.now()) return gone(db, row, input.ip);
  let user: Awaited<ReturnType<typeof resolveUser>>;
  const provider = toApiProvider(input.provider);
  try {
    user = await resolveUser(db, input.provider, provider, input.claims, input.ip);
  } catch (err) {
    if (!(err instanceof SignInRefused)) throw err;
    return failDeviceLogin(db, row, { code: err.code, message: err.message }, input.ip);
  }
  // The client's OIDC flow has no step that asks for a code (spec §4.3), so a provider that wants local
  // 2FA after SSO cannot sign this user in here; the password login asks for the code instead.
  if (await ssoNeedsSecondFactor(db, user.id, provider.skipLocal2fa))
    return failDeviceLogin(
      db,
      row,
      {
        code: 'SSO_SECOND_FACTOR_REQUIRED',
        message:
          'This account needs its two-factor code after single sign-on, which RustDesk cannot ask for here. Sign in to RustDesk with your password and code instead, or ask an administrator.',
      },
      input.ip,
    );
  const secret = randomToken();
  const awaiting = await markDeviceLoginAwaitingApproval(db, row.id, {
    userId: user.id,
    confirmHash: hashToken(secret),
    browserIp: input.ip,
    sid: input.sid ?? null,
  });
  // Expired or finished elsewhere meanwhile.
  if (!awaiting) return gone(db, row, input.ip);
  return confirmationOf({ ...row, browser_ip: input.ip }, user, secret, input.ip);
}

/** The callback failed (IdP error, unverifiable answer) for the device login behind `pending`. */
export async function failDeviceLoginOf(
  db: Kysely<Database>,
  pending: PendingLoginRow,
  failure: { code: string; message: string },
  ip: string,
): Promise<DeviceLoginOutcome> {
  const row = await findDeviceLoginById(db, pending.device_login_id ?? '');
  return row && row.status === 'pending' && row.expires_at >= Date.now()
    ? failDeviceLogin(db, row, failure, ip)
    : gone(db, row, ip);
}

/** Records why a device login failed, for the client's next poll and the audit trail. */
async function failDeviceLogin(
  db: Kysely<Database>,
  row: DeviceLoginRow | undefined,
  failure: { code: string; message: string },
  ip: string,
): Promise<DeviceLoginOutcome> {
  if (row) await markDeviceLoginFailed(db, row.id, failure);
  await recordAudit(db, { id: null, name: '', ip }, 'client.oidc.login.failure', '', {
    provider: row?.provider_name ?? '',
    device: row?.device_id ?? '',
    reason: failure.message,
  });
  return { ok: false, ...failure, deviceId: row?.device_id ?? '', deviceName: deviceNameOf(row) };
}

/** Expired, or already finished (a reloaded callback tab): the row is left as it is. */
async function gone(
  db: Kysely<Database>,
  row: DeviceLoginRow | undefined,
  ip: string,
): Promise<DeviceLoginOutcome> {
  const failure = {
    code: 'DEVICE_LOGIN_EXPIRED',
    message:
      'This device sign-in has expired or was already completed. Click the sign-in button in RustDesk again.',
  };
  await recordAudit(db, { id: null, name: '', ip }, 'client.oidc.login.failure', '', {
    provider: row?.provider_name ?? '',
    device: row?.device_id ?? '',
    reason: failure.message,
  });
  return { ok: false, ...failure, deviceId: row?.device_id ?? '', deviceName: deviceNameOf(row) };
}
