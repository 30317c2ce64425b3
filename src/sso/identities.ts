import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  findUserById,
  findUserByUsername,
  insertUser,
  touchLastLogin,
  updateUser,
} from '../accounts/index.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database, OidcProviderRow } from '../db/schema.ts';
import type { Provider } from '../shared/sso.ts';
import { entraKey, isEntra } from './entra.ts';
import { type Claims, evaluateClaims } from './rules.ts';

/** Thrown when the settings refuse a person; the message is shown to them, `code` lets the console translate it. */
export class SignInRefused extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Finds or creates the DeskGate user for a verified identity. Keyed by (provider, issuer, subject) —
 * for Entra (issuer, oid), since sub is per application — never by email (the "nOAuth" takeover class).
 */
export async function resolveUser(
  db: Kysely<Database>,
  row: OidcProviderRow,
  provider: Provider,
  claims: Claims,
  ip = '',
) {
  const verdict = evaluateClaims(provider, claims);
  if (!verdict.allowed) throw new SignInRefused('SSO_NOT_ALLOWED', verdict.reasons.join(' '));
  const key = isEntra(provider)
    ? entraKey(claims)
    : { subject: String(claims.sub), tenantId: null, objectId: null };
  const issuer = String(claims.iss);
  const identity = await db
    .selectFrom('identities')
    .selectAll()
    .where('provider_id', '=', row.id)
    .where('issuer', '=', issuer)
    .where('subject', '=', key.subject)
    .executeTakeFirst();
  let userId = identity?.user_id;
  if (!userId) {
    if (!provider.autoRegister) {
      throw new SignInRefused(
        'SSO_NOT_REGISTERED',
        'Your account is not registered in DeskGate, and this provider does not create accounts automatically. Ask an administrator to add you.',
      );
    }
    const user = await insertUser(db, {
      username: await uniqueUsername(db, verdict.username),
      displayName: verdict.displayName,
      email: verdict.email,
      isAdmin: verdict.isAdmin,
      ...(verdict.groupId ? { groupId: verdict.groupId } : {}),
    });
    userId = user.id;
    // An account created by a sign-in is an account change like any other: it goes in the trail.
    await recordAudit(db, { id: user.id, name: user.username, ip }, 'user.create', user.username, {
      via: 'sso',
      provider: row.name,
      isAdmin: verdict.isAdmin,
    });
    await db
      .insertInto('identities')
      .values({
        id: randomUUID(),
        provider_id: row.id,
        issuer,
        subject: key.subject,
        user_id: userId,
        tenant_id: key.tenantId,
        object_id: key.objectId,
        email: verdict.email,
        created_at: Date.now(),
        last_login_at: Date.now(),
      })
      .execute();
  } else {
    await db
      .updateTable('identities')
      .set({ last_login_at: Date.now(), email: verdict.email })
      .where('id', '=', identity?.id ?? '')
      .execute();
  }
  const user = await findUserById(db, userId);
  if (!user)
    throw new SignInRefused(
      'SSO_USER_DISABLED',
      'Your DeskGate account no longer exists. Ask an administrator.',
    );
  if (user.status !== 1)
    throw new SignInRefused(
      'SSO_USER_DISABLED',
      'Your DeskGate account is disabled. Ask an administrator to enable it.',
    );
  // Admin-group membership is granted and revoked on every sign-in when admin groups are configured.
  const patch = {
    ...(provider.adminGroups.length > 0 ? { isAdmin: verdict.isAdmin } : {}),
    ...(verdict.groupId ? { groupId: verdict.groupId } : {}),
    ...(verdict.email ? { email: verdict.email } : {}),
  };
  const updated = Object.keys(patch).length ? await updateUser(db, userId, patch) : user;
  if ((updated.is_admin === 1) !== (user.is_admin === 1) || updated.group_id !== user.group_id) {
    await recordAudit(db, { id: user.id, name: user.username, ip }, 'user.update', user.username, {
      via: 'sso',
      provider: row.name,
      isAdmin: updated.is_admin === 1,
      groupId: updated.group_id,
    });
  }
  await touchLastLogin(db, userId);
  return updated;
}

async function uniqueUsername(db: Kysely<Database>, wanted: string): Promise<string> {
  const base =
    wanted
      .replace(/[^A-Za-z0-9._@-]/g, '')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 56) || 'user';
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? base : `${base}${i}`;
    if (!(await findUserByUsername(db, candidate))) return candidate;
  }
}
