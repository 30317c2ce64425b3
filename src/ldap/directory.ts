import type { ConnectionOptions } from 'node:tls';
import type * as Ldapts from 'ldapts';
import type { Client, Entry } from 'ldapts';
import { AppError } from '../errors.ts';
import { countedCall } from '../metrics/outbound.ts';
import { lazyRequire } from '../system/lazy-module.ts';
import type { DirectoryConfig } from './settings.repo.ts';

// The directory protocol itself is ldapts's; this file owns the search-then-bind sign-in
// (RFC 4513 §5.1.3 name/password bind) and turns library errors into sentences.

const TIMEOUT_MS = 8000;
// Loaded by the first directory sign-in or settings check, not at start-up (issue 14: idle RSS).
const loadLdapts = lazyRequire<typeof Ldapts>('ldapts');

/** AD's "ACCOUNTDISABLE" flag in userAccountControl (MS-ADTS 2.2.16). */
const ACCOUNT_DISABLED = 0x2;
/** AD's LDAP_MATCHING_RULE_IN_CHAIN: membership through nested groups (MS-ADTS 3.1.1.3.4.4.3). */
const IN_CHAIN_RULE = '1.2.840.113556.1.4.1941';

/** A directory account found by its username, before or after its password was checked. */
export interface DirectoryEntry {
  dn: string;
  username: string;
  displayName: string;
  email: string;
  /** DNs of the groups it is a member of (memberOf, or in-chain when nested groups are on). */
  groups: string[];
  disabled: boolean;
}

/** The user filter with the username escaped per RFC 4515, so `*)(uid=*` is a literal name. */
export function userFilter(template: string, username: string): string {
  return template.replaceAll('{username}', loadLdapts().Filter.escape(username));
}

/** The filter that finds every group holding `dn`, directly or through nesting (Active Directory). */
export function nestedGroupFilter(dn: string): string {
  return `(member:${IN_CHAIN_RULE}:=${loadLdapts().Filter.escape(dn)})`;
}

/** One directory operation (bind, search), counted in the outbound-call metrics (issue 14). */
const ldapCall = <T>(call: () => Promise<T>, answered?: (err: unknown) => boolean) =>
  countedCall('ldap', call, answered);

const unavailable = (detail: string) =>
  new AppError(
    'LDAP_UNAVAILABLE',
    503,
    `DeskGate cannot use the directory: ${detail} An administrator can check Settings → LDAP (Test connection).`,
  );

/** Words for a connection, TLS or bind failure of the service account. */
export function describeDirectoryError(err: unknown): string {
  if (err instanceof AppError) return err.message;
  if (err instanceof loadLdapts().InvalidCredentialsError)
    return 'the directory refused the bind DN or its password.';
  const e = err as NodeJS.ErrnoException & { message?: string };
  if (e.code === 'ECONNREFUSED') return 'nothing answers at the directory URL.';
  if (e.code === 'ENOTFOUND') return 'the directory host name does not resolve.';
  if (typeof e.code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(e.code))
    return `the directory's TLS certificate is not trusted (${e.code}); paste the CA that signed it under Custom CA.`;
  return `${e.message ?? String(err)}.`;
}

function tlsOptionsFor(config: DirectoryConfig): ConnectionOptions {
  const host = new URL(config.url).hostname;
  return { servername: host, ...(config.caPem ? { ca: config.caPem } : {}) };
}

/** Opens a connection (TLS: ldaps:// or StartTLS) and binds the service account (anonymous without a bind DN). */
async function openDirectory(config: DirectoryConfig): Promise<Client> {
  const client = new (loadLdapts().Client)({
    url: config.url,
    timeout: TIMEOUT_MS,
    connectTimeout: TIMEOUT_MS,
    // ldapts opens TLS from the start whenever tlsOptions are given, so only for ldaps://.
    ...(config.url.startsWith('ldaps://') ? { tlsOptions: tlsOptionsFor(config) } : {}),
  });
  try {
    // Connecting (and StartTLS) is one directory call with the service account's bind.
    await ldapCall(async () => {
      if (config.url.startsWith('ldap://') && config.startTls) await client.startTLS(tlsOptionsFor(config));
      if (config.bindDn) await client.bind(config.bindDn, config.bindPassword);
    });
    return client;
  } catch (err) {
    await client.unbind().catch(() => {});
    throw unavailable(describeDirectoryError(err));
  }
}

const first = (value: Entry[string] | undefined): string => {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined ? '' : v.toString();
};
const all = (value: Entry[string] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => v.toString());

async function searchEntries(client: Client, config: DirectoryConfig, username: string): Promise<Entry[]> {
  const { searchEntries } = await ldapCall(() =>
    client.search(config.searchBase, {
      scope: 'sub',
      filter: userFilter(config.searchFilter, username),
      sizeLimit: 2,
      attributes: [
        config.attrUsername,
        config.attrDisplayName,
        config.attrEmail,
        'memberOf',
        'userAccountControl',
      ],
    }),
  );
  return searchEntries;
}

async function toDirectoryEntry(
  client: Client,
  config: DirectoryConfig,
  entry: Entry,
): Promise<DirectoryEntry> {
  let groups = all(entry.memberOf);
  if (config.nestedGroups) {
    const { searchEntries } = await ldapCall(() =>
      client.search(config.searchBase, {
        scope: 'sub',
        filter: nestedGroupFilter(entry.dn),
        attributes: ['dn'],
      }),
    );
    groups = searchEntries.map((g) => g.dn);
  }
  const uac = Number.parseInt(first(entry.userAccountControl) || '0', 10);
  return {
    dn: entry.dn,
    username: first(entry[config.attrUsername]),
    displayName: first(entry[config.attrDisplayName]),
    email: first(entry[config.attrEmail]),
    groups,
    disabled: (uac & ACCOUNT_DISABLED) !== 0,
  };
}

/**
 * Search-then-bind: the service account finds exactly one entry for the username, then the entry's
 * DN binds with the password. Undefined when no single entry matches or the password is wrong. An
 * empty password is never sent: a simple bind without one is an unauthenticated bind that succeeds
 * (RFC 4513 §5.1.2).
 */
export async function authenticateDirectoryUser(
  config: DirectoryConfig,
  username: string,
  password: string,
): Promise<DirectoryEntry | undefined> {
  if (!password || !username.trim()) return undefined;
  const client = await openDirectory(config);
  try {
    let found: DirectoryEntry | undefined;
    try {
      const entries = await searchEntries(client, config, username.trim());
      if (entries.length !== 1 || !entries[0]) return undefined;
      found = await toDirectoryEntry(client, config, entries[0]);
    } catch (err) {
      throw unavailable(describeDirectoryError(err));
    }
    try {
      // A wrong password is the directory answering, not failing.
      await ldapCall(
        () => client.bind(found.dn, password),
        (err) => err instanceof loadLdapts().InvalidCredentialsError,
      );
    } catch (err) {
      if (err instanceof loadLdapts().InvalidCredentialsError) return undefined;
      throw unavailable(describeDirectoryError(err));
    }
    return found;
  } finally {
    await client.unbind().catch(() => {});
  }
}

/** Test connection: connect, bind the service account and run the user filter for a name nobody has. */
export async function probeDirectory(config: DirectoryConfig): Promise<{ ok: boolean; message: string }> {
  let client: Client | undefined;
  try {
    const open = await openDirectory(config);
    client = open;
    await ldapCall(() =>
      open.search(config.searchBase, { scope: 'base', filter: '(objectClass=*)', attributes: ['dn'] }),
    );
    return { ok: true, message: 'Connected, bound and read the search base.' };
  } catch (err) {
    return { ok: false, message: describeDirectoryError(err) };
  } finally {
    await client?.unbind().catch(() => {});
  }
}
