import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import {
  findUserById,
  findUserByUsername,
  insertUser,
  requireUser,
  touchLastLogin,
  updateUser,
} from '../accounts/index.ts';
import { recordAudit } from '../audit/audit.ts';
import { compiledQuery } from '../db/compiled-query.ts';
import type { Database, IdentitiesTable, OidcProviderRow } from '../db/schema.ts';
import { opensToAnyTenant } from '../shared/entra-tenants.ts';
import type { Provider } from '../shared/sso.ts';
import { entraKey, isEntra } from './entra.ts';
import { findProvisionedIdentity, PROVISIONED_ISSUER } from './provisioned-identity.ts';
import { type Claims, evaluateClaims, type Verdict } from './rules.ts';

type IdentityRow = Selectable<IdentitiesTable>;

/** Thrown when the settings refuse a person; the message is shown to them, `code` lets the console translate it. */
export class SignInRefused extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** What a sign-in would do, decided without writing anything: the one place the access rules live. */
export interface SignInPlan {
  verdict: Verdict;
  issuer: string;
  key: { subject: string; tenantId: string | null; objectId: string | null };
  identity: IdentityRow | undefined;
  /** The existing DeskGate user the identity maps to (or, when linking by verified email, will map to). */
  user: Awaited<ReturnType<typeof findUserById>>;
  /** True when no identity matched and the new one attaches to `user` by a verified email. */
  linkByEmail: boolean;
  /** Every reason the sign-in is refused, in words; empty when allowed. */
  reasons: string[];
  /** The refusal a real sign-in throws (the first rule that fails). */
  refusal: SignInRefused | undefined;
}

/**
 * Decides a sign-in for verified claims. Keyed by (provider, issuer, subject) — for Entra (issuer, oid),
 * since sub is per application — never by email (the "nOAuth" takeover class), except that a first
 * sign-in joins the one account with its email when the admin switched on "link by verified email" and
 * the IdP vouches for the address (email_verified; Entra: only xms_edov). Test sign-in shows this plan;
 * resolveUser carries it out.
 */
export async function planSignIn(
  db: Kysely<Database>,
  row: OidcProviderRow,
  provider: Provider,
  claims: Claims,
): Promise<SignInPlan> {
  const verdict = evaluateClaims(provider, claims);
  const key = isEntra(provider)
    ? entraKey(claims)
    : { subject: String(claims.sub), tenantId: null, objectId: null };
  const issuer = String(claims.iss);
  const identity =
    (await selectIdentity(db, row.id, issuer, key.subject)).rows[0] ??
    // Provisioned by SCIM before this person's first sign-in (issue 12): one account either way.
    (await findProvisionedIdentity(db, row.id, key));
  const refusals: SignInRefused[] = [];
  let user = identity ? await findUserById(db, identity.user_id) : undefined;
  let linkByEmail = false;
  if (!identity && provider.linkByVerifiedEmail && verdict.emailVerified && verdict.email) {
    const matches = await findUsersByEmail(db, verdict.email);
    if (matches.length > 1) {
      refusals.push(
        new SignInRefused(
          'SSO_EMAIL_AMBIGUOUS',
          `Several DeskGate accounts use the email address ${verdict.email}, so DeskGate cannot tell which one is yours. Ask an administrator to link your sign-in to your account on its user page.`,
        ),
      );
    } else if (matches[0]) {
      user = await findUserById(db, matches[0].id);
      linkByEmail = user !== undefined;
    }
  }
  if (!verdict.allowed) refusals.unshift(new SignInRefused('SSO_NOT_ALLOWED', verdict.reasons.join(' ')));
  if (!identity && !linkByEmail && !provider.autoRegister) {
    refusals.push(
      new SignInRefused(
        'SSO_NOT_REGISTERED',
        'Your account is not registered in DeskGate, and this provider does not create accounts automatically. Ask an administrator to add you.',
      ),
    );
  } else if (!identity && !linkByEmail && opensToAnyTenant(provider) && !provider.anyEntraTenant) {
    // Saved before the acknowledgement existed (issue 9 §7): no account for a stranger's tenant until an
    // administrator either lists Allowed tenants or confirms that any tenant may sign in.
    refusals.push(
      new SignInRefused(
        'SSO_NOT_REGISTERED',
        'Your account is not registered in DeskGate. This provider accepts any Microsoft Entra tenant, so it creates accounts only after an administrator confirms that in Settings → OIDC. Ask an administrator to add you.',
      ),
    );
  }
  if (identity && !user) {
    refusals.push(
      new SignInRefused('SSO_USER_DISABLED', 'Your DeskGate account no longer exists. Ask an administrator.'),
    );
  }
  if (user && user.status !== 1) {
    refusals.push(
      new SignInRefused(
        'SSO_USER_DISABLED',
        'Your DeskGate account is disabled. Ask an administrator to enable it.',
      ),
    );
  }
  const reasons = [...verdict.reasons, ...refusals.slice(verdict.allowed ? 0 : 1).map((r) => r.message)];
  return { verdict, issuer, key, identity, user, linkByEmail, reasons, refusal: refusals[0] };
}

// Every sign-in looks its identity up: compiled once (db/compiled-query.ts, issue 14).
const selectIdentity = compiledQuery((db, providerId: string, issuer: string, subject: string) =>
  db
    .selectFrom('identities')
    .selectAll()
    .where('provider_id', '=', providerId)
    .where('issuer', '=', issuer)
    .where('subject', '=', subject),
);
const touchIdentity = compiledQuery((db, id: string, at: number, email: string) =>
  db.updateTable('identities').set({ last_login_at: at, email }).where('id', '=', id),
);

/**
 * The accounts with this email, case-insensitively — only for "link by verified email", which the admin
 * switches on and which needs the IdP to vouch for the address (the "nOAuth" takeover class otherwise).
 */
function findUsersByEmail(db: Kysely<Database>, email: string) {
  return db
    .selectFrom('users')
    .select('id')
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .limit(2)
    .execute();
}

/** Finds or creates the DeskGate user for a verified identity, as planSignIn decided. */
export async function resolveUser(
  db: Kysely<Database>,
  row: OidcProviderRow,
  provider: Provider,
  claims: Claims,
  ip = '',
) {
  const plan = await planSignIn(db, row, provider, claims);
  if (plan.refusal) throw plan.refusal;
  const { verdict, key, issuer, identity } = plan;
  let userId = plan.user?.id;
  let before = plan.user;
  if (plan.linkByEmail && userId) {
    await insertIdentity(db, row.id, issuer, key, userId, verdict.email);
    await recordAudit(
      db,
      { id: userId, name: plan.user?.username ?? '', ip },
      'user.identity.link',
      plan.user?.username ?? '',
      {
        via: 'verified-email',
        provider: row.name,
        subject: key.subject,
      },
    );
  } else if (!identity || !userId) {
    const user = await insertUser(db, {
      username: await uniqueUsername(db, verdict.username),
      displayName: verdict.displayName,
      email: verdict.email,
      roleId: verdict.roleId,
      ...(verdict.groupId ? { groupId: verdict.groupId } : {}),
    });
    userId = user.id;
    before = user;
    // An account created by a sign-in is an account change like any other: it goes in the trail.
    await recordAudit(db, { id: user.id, name: user.username, ip }, 'user.create', user.username, {
      via: 'sso',
      provider: row.name,
      isAdmin: verdict.isAdmin,
    });
    await insertIdentity(db, row.id, issuer, key, userId, verdict.email);
  } else if (identity.issuer !== PROVISIONED_ISSUER) {
    await touchIdentity(db, identity.id, Date.now(), verdict.email);
  } else {
    // A SCIM-provisioned identity learns its issuer and tenant at the first sign-in.
    await db
      .updateTable('identities')
      .set({ last_login_at: Date.now(), email: verdict.email, issuer, tenant_id: key.tenantId })
      .where('id', '=', identity.id)
      .execute();
  }
  // The role from admin groups / the role mapping is granted and revoked on every sign-in when configured.
  const patch = {
    ...(verdict.decidesRole ? { roleId: verdict.roleId } : {}),
    ...(verdict.groupId ? { groupId: verdict.groupId } : {}),
    ...(verdict.email ? { email: verdict.email } : {}),
  };
  // The account already holds this role, group and email (a returning person, or one just created from these
  // claims): the row read or inserted in this sign-in is current, and updateUser's four statements (read, group
  // check, write, read) would change nothing (issue 14: CPU per device login).
  const current = before?.id === userId ? before : undefined;
  const unchanged =
    current !== undefined &&
    (patch.roleId === undefined || patch.roleId === current.role_id) &&
    (patch.groupId === undefined || patch.groupId === current.group_id) &&
    (patch.email === undefined || patch.email.trim() === current.email);
  const updated =
    current && unchanged
      ? current
      : Object.keys(patch).length
        ? await updateUser(db, userId, patch)
        : await requireUser(db, userId);
  if (before && (updated.role_id !== before.role_id || updated.group_id !== before.group_id)) {
    await recordAudit(db, { id: updated.id, name: updated.username, ip }, 'user.update', updated.username, {
      via: 'sso',
      provider: row.name,
      isAdmin: updated.is_admin === 1,
      roleId: updated.role_id,
      groupId: updated.group_id,
    });
  }
  await touchLastLogin(db, userId);
  return updated;
}

async function insertIdentity(
  db: Kysely<Database>,
  providerId: string,
  issuer: string,
  key: SignInPlan['key'],
  userId: string,
  email: string,
) {
  await db
    .insertInto('identities')
    .values({
      id: randomUUID(),
      provider_id: providerId,
      issuer,
      subject: key.subject,
      user_id: userId,
      tenant_id: key.tenantId,
      object_id: key.objectId,
      email,
      created_at: Date.now(),
      last_login_at: Date.now(),
    })
    .execute();
}

/** The username a new account would get: the wanted one, made unique. */
export async function uniqueUsername(db: Kysely<Database>, wanted: string): Promise<string> {
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
