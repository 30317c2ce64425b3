import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { compiledQuery } from '../db/compiled-query.ts';
import type { Database, OidcProviderRow } from '../db/schema.ts';
import { AppError, badRequest, conflict, notFound } from '../errors.ts';
import { openSecret, sealSecret } from '../security/secret-box.ts';
import { opensToAnyTenant } from '../shared/entra-tenants.ts';
import { GITHUB_ISSUER, type Provider, type ProviderCreate, type ProviderUpdate } from '../shared/sso.ts';
import { normalizeCallbackOrigin } from './callback-origin.ts';

type Settings = Omit<
  Provider,
  | 'id'
  | 'name'
  | 'type'
  | 'clientId'
  | 'issuer'
  | 'enabled'
  | 'hasClientSecret'
  | 'callbackOrigin'
  | 'buttonLabel'
  | 'clientSecretExpiresAt'
  | 'createdAt'
  | 'updatedAt'
>;

/** What a new provider gets when the admin leaves a field alone; offline_access is never forced. */
export const DEFAULT_SETTINGS: Settings = {
  authorizationEndpoint: '',
  tokenEndpoint: '',
  userinfoEndpoint: '',
  jwksUri: '',
  scopes: 'openid profile email',
  pkce: true,
  responseType: 'code',
  tokenEndpointAuthMethod: 'client_secret_basic',
  idTokenSignedResponseAlg: 'RS256',
  extraAudiences: [],
  caCertificate: '',
  allowInsecureHttp: false,
  endSessionEnabled: false,
  autoRegister: true,
  allowedEmailDomains: [],
  allowedGroups: [],
  adminGroups: [],
  groupMapping: [],
  roleMapping: [],
  usernameClaim: '',
  allowedTenants: [],
  anyEntraTenant: false,
  linkByVerifiedEmail: false,
  skipLocal2fa: true,
};

const secretContext = (id: string) => `provider:${id}:client_secret`;

/** The one place a provider row becomes an API object: the secret is reduced to `hasClientSecret`. */
export function toApiProvider(row: OidcProviderRow): Provider {
  const stored = JSON.parse(row.settings) as Partial<Settings>;
  return {
    id: row.id,
    name: row.name,
    type: row.type as Provider['type'],
    clientId: row.client_id,
    issuer: row.issuer,
    enabled: row.enabled === 1,
    ...DEFAULT_SETTINGS,
    ...stored,
    hasClientSecret: row.client_secret_sealed !== null,
    callbackOrigin: row.callback_origin,
    buttonLabel: row.button_label ?? '',
    clientSecretExpiresAt: row.client_secret_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The decrypted client secret, for talking to the IdP only. */
export function clientSecretOf(row: OidcProviderRow, key: Buffer): string | undefined {
  return row.client_secret_sealed
    ? openSecret(key, row.client_secret_sealed, secretContext(row.id))
    : undefined;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** https, or http on loopback, or http with the explicit testing-only switch; never silently. */
function isAllowedUrl(value: string, allowInsecureHttp: boolean): boolean {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && (LOOPBACK.test(url.hostname) || allowInsecureHttp);
  } catch {
    return false;
  }
}

/** Refuses, in words, an issuer that is not a URL or is plain http where that is not allowed. */
export function assertIssuerAllowed(issuer: string, allowInsecureHttp: boolean): void {
  if (!URL.canParse(issuer)) {
    throw badRequest(
      `The issuer "${issuer}" is not a URL. Copy it from your identity provider, e.g. https://login.microsoftonline.com/<tenant id>/v2.0.`,
    );
  }
  if (isAllowedUrl(issuer, allowInsecureHttp)) return;
  throw badRequest(
    'The issuer must start with https://. Plain http is accepted only on this machine (loopback) or with "Allow insecure HTTP (testing only)".',
  );
}

/** Endpoint overrides follow the issuer's rule: a plain-http token endpoint would leak codes and secrets. */
function assertEndpointsAllowed(s: Partial<Settings>, allowInsecureHttp: boolean): void {
  for (const field of ['authorizationEndpoint', 'tokenEndpoint', 'userinfoEndpoint', 'jwksUri'] as const) {
    const value = s[field];
    if (value && !isAllowedUrl(value, allowInsecureHttp)) {
      throw badRequest(
        `The endpoint ${value} must be an https:// URL. Plain http is accepted only on this machine (loopback) or with "Allow insecure HTTP (testing only)".`,
      );
    }
  }
}

/**
 * A `common`/`organizations` Entra issuer without Allowed tenants lets anyone in any tenant in (issue 9 §7):
 * an enabled provider like that is saved only with the admin's explicit acknowledgement.
 */
function assertTenantsLimited(
  p: Pick<Provider, 'type' | 'issuer' | 'allowedTenants' | 'anyEntraTenant'>,
  enabled: boolean,
) {
  if (!enabled || !opensToAnyTenant(p) || p.anyEntraTenant) return;
  throw new AppError(
    'ENTRA_ANY_TENANT_UNACKNOWLEDGED',
    400,
    `The issuer ${p.issuer} lets a person from any Microsoft Entra tenant sign in. List your tenant IDs under Who gets in → Allowed tenants (type Microsoft Entra ID), use your tenant's own issuer, or tick "Any Microsoft Entra tenant may sign in" if that is really what you want.`,
  );
}

/** GitHub has no issuer of its own: an empty Issuer means github.com. */
const issuerFor = (type: string, issuer: string) =>
  type === 'github' && !issuer.trim() ? GITHUB_ISSUER : issuer.trim();

export async function listProviders(db: Kysely<Database>): Promise<OidcProviderRow[]> {
  return db.selectFrom('oidc_providers').selectAll().orderBy('name_key').execute();
}

// Read at every sign-in start and callback; compiled once (db/compiled-query.ts, issue 14).
const selectById = compiledQuery((db, id: string) =>
  db.selectFrom('oidc_providers').selectAll().where('id', '=', id),
);
const selectByNameKey = compiledQuery((db, nameKey: string) =>
  db.selectFrom('oidc_providers').selectAll().where('name_key', '=', nameKey),
);

export async function findProviderById(db: Kysely<Database>, id: string): Promise<OidcProviderRow> {
  const row = (await selectById(db, id)).rows[0];
  if (!row) throw notFound('The auth provider');
  return row;
}

export async function findProviderByName(
  db: Kysely<Database>,
  name: string,
): Promise<OidcProviderRow | undefined> {
  return (await selectByNameKey(db, name.toLowerCase())).rows[0];
}

export async function insertProvider(
  db: Kysely<Database>,
  key: Buffer,
  input: ProviderCreate,
): Promise<OidcProviderRow> {
  const {
    name,
    type,
    clientId,
    issuer: typedIssuer,
    clientSecret,
    enabled,
    callbackOrigin,
    buttonLabel,
    clientSecretExpiresAt,
    ...given
  } = input;
  const issuer = issuerFor(type, typedIssuer);
  // Acknowledged "any tenant": nobody is registered automatically unless the admin says so too.
  const settings = { ...(given.anyEntraTenant ? { autoRegister: false } : {}), ...given };
  assertIssuerAllowed(issuer, settings.allowInsecureHttp ?? false);
  assertEndpointsAllowed(settings, settings.allowInsecureHttp ?? false);
  assertTenantsLimited({ ...DEFAULT_SETTINGS, ...settings, type, issuer }, enabled !== false);
  if (await findProviderByName(db, name))
    throw conflict(`An auth provider named "${name}" already exists; choose another name.`);
  const id = randomUUID();
  const now = Date.now();
  const row: OidcProviderRow = {
    id,
    name,
    name_key: name.toLowerCase(),
    type,
    client_id: clientId.trim(),
    client_secret_sealed: clientSecret ? sealSecret(key, clientSecret, secretContext(id)) : null,
    issuer,
    enabled: enabled === false ? 0 : 1,
    settings: JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }),
    callback_origin: callbackOrigin === undefined ? null : normalizeCallbackOrigin(callbackOrigin),
    button_label: buttonLabel?.trim() || null,
    client_secret_expires_at: clientSecretExpiresAt ?? null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('oidc_providers').values(row).execute();
  return row;
}

/** An absent or empty clientSecret keeps the stored one. */
export async function updateProvider(
  db: Kysely<Database>,
  key: Buffer,
  id: string,
  patch: ProviderUpdate,
): Promise<OidcProviderRow> {
  const row = await findProviderById(db, id);
  const current = toApiProvider(row);
  const {
    name,
    type,
    clientId,
    issuer,
    clientSecret,
    enabled,
    callbackOrigin,
    buttonLabel,
    clientSecretExpiresAt,
    ...settings
  } = patch;
  if (name !== undefined && name.toLowerCase() !== row.name_key && (await findProviderByName(db, name))) {
    throw conflict(`An auth provider named "${name}" already exists; choose another name.`);
  }
  const merged = { ...toSettings(current), ...settings };
  const nextIssuer = issuer === undefined ? row.issuer : issuerFor(type ?? row.type, issuer);
  assertIssuerAllowed(nextIssuer, merged.allowInsecureHttp);
  assertEndpointsAllowed(merged, merged.allowInsecureHttp);
  const nextEnabled = enabled ?? row.enabled === 1;
  assertTenantsLimited({ ...merged, type: type ?? current.type, issuer: nextIssuer }, nextEnabled);
  const next: OidcProviderRow = {
    ...row,
    ...(name !== undefined ? { name, name_key: name.toLowerCase() } : {}),
    ...(type !== undefined ? { type } : {}),
    ...(clientId !== undefined ? { client_id: clientId.trim() } : {}),
    issuer: nextIssuer,
    ...(enabled !== undefined ? { enabled: enabled ? 1 : 0 } : {}),
    ...(clientSecret ? { client_secret_sealed: sealSecret(key, clientSecret, secretContext(id)) } : {}),
    ...(callbackOrigin !== undefined ? { callback_origin: normalizeCallbackOrigin(callbackOrigin) } : {}),
    ...(buttonLabel !== undefined ? { button_label: buttonLabel.trim() || null } : {}),
    ...(clientSecretExpiresAt !== undefined ? { client_secret_expires_at: clientSecretExpiresAt } : {}),
    settings: JSON.stringify(merged),
    updated_at: Date.now(),
  };
  await db.updateTable('oidc_providers').set(next).where('id', '=', id).execute();
  return next;
}

export async function deleteProvider(db: Kysely<Database>, id: string): Promise<OidcProviderRow> {
  const row = await findProviderById(db, id);
  await db.deleteFrom('oidc_providers').where('id', '=', id).execute();
  return row;
}

function toSettings(p: Provider): Settings {
  const {
    id,
    name,
    type,
    clientId,
    issuer,
    enabled,
    hasClientSecret,
    callbackOrigin,
    buttonLabel,
    clientSecretExpiresAt,
    createdAt,
    updatedAt,
    ...settings
  } = p;
  return settings;
}
