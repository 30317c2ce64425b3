import type { Kysely, Selectable } from 'kysely';
import type { Database, LdapSettingsTable } from '../db/schema.ts';
import { openSecret, sealSecret } from '../security/secret-box.ts';
import { AD_USER_FILTER, type LdapSettings, type LdapSettingsInput } from '../shared/ldap.ts';

type LdapSettingsRow = Selectable<LdapSettingsTable>;

const ROW_ID = 'default';
const PASSWORD_CONTEXT = 'ldap:bind_password';

/** Everything a directory sign-in needs, the bind password opened. Lives only for one request. */
export type DirectoryConfig = Omit<LdapSettings, 'bindPasswordSet'> & { bindPassword: string };

/** What a new installation shows: Active Directory's usual attributes, switched off. */
const DEFAULTS: LdapSettings = {
  enabled: false,
  url: '',
  startTls: true,
  caPem: '',
  bindDn: '',
  bindPasswordSet: false,
  searchBase: '',
  searchFilter: AD_USER_FILTER,
  attrUsername: 'sAMAccountName',
  attrDisplayName: 'displayName',
  attrEmail: 'mail',
  groupMappings: [],
  adminGroups: [],
  nestedGroups: false,
};

function findRow(db: Kysely<Database>): Promise<LdapSettingsRow | undefined> {
  return db.selectFrom('ldap_settings').selectAll().where('id', '=', ROW_ID).executeTakeFirst();
}

function toApi(row: LdapSettingsRow | undefined): LdapSettings {
  if (!row) return DEFAULTS;
  return {
    enabled: row.enabled === 1,
    url: row.url,
    startTls: row.start_tls === 1,
    caPem: row.ca_pem,
    bindDn: row.bind_dn,
    bindPasswordSet: row.bind_password_sealed !== null,
    searchBase: row.search_base,
    searchFilter: row.search_filter,
    attrUsername: row.attr_username,
    attrDisplayName: row.attr_display_name,
    attrEmail: row.attr_email,
    groupMappings: JSON.parse(row.group_mappings),
    adminGroups: JSON.parse(row.admin_groups),
    nestedGroups: row.nested_groups === 1,
  };
}

/** The settings for the console (never the bind password). */
export async function findLdapSettings(db: Kysely<Database>): Promise<LdapSettings> {
  return toApi(await findRow(db));
}

/** Saves the settings; an omitted bind password keeps the saved one, an empty one clears it. */
export async function saveLdapSettings(
  db: Kysely<Database>,
  key: Buffer,
  input: LdapSettingsInput,
): Promise<LdapSettings> {
  const saved = await findRow(db);
  const sealed =
    input.bindPassword === undefined
      ? (saved?.bind_password_sealed ?? null)
      : input.bindPassword === ''
        ? null
        : sealSecret(key, input.bindPassword, PASSWORD_CONTEXT);
  const values = {
    enabled: input.enabled ? 1 : 0,
    url: input.url.trim(),
    start_tls: input.startTls ? 1 : 0,
    ca_pem: input.caPem.trim(),
    bind_dn: input.bindDn.trim(),
    bind_password_sealed: sealed,
    search_base: input.searchBase.trim(),
    search_filter: input.searchFilter.trim(),
    attr_username: input.attrUsername,
    attr_display_name: input.attrDisplayName,
    attr_email: input.attrEmail,
    group_mappings: JSON.stringify(input.groupMappings),
    admin_groups: JSON.stringify(input.adminGroups),
    nested_groups: input.nestedGroups ? 1 : 0,
    updated_at: Date.now(),
  };
  await db
    .insertInto('ldap_settings')
    .values({ id: ROW_ID, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
  return findLdapSettings(db);
}

/**
 * The configuration to try: the given form (Test connection before saving, its password falling back
 * to the saved one), or the saved settings when switched on; undefined when directory sign-in is off.
 */
export async function loadDirectoryConfig(
  db: Kysely<Database>,
  key: Buffer,
  form?: LdapSettingsInput,
): Promise<DirectoryConfig | undefined> {
  const row = await findRow(db);
  const savedPassword = row?.bind_password_sealed
    ? openSecret(key, row.bind_password_sealed, PASSWORD_CONTEXT)
    : '';
  if (form) {
    const { bindPassword, ...rest } = form;
    return { ...rest, bindPassword: bindPassword ?? savedPassword };
  }
  if (!row || row.enabled !== 1) return undefined;
  const { bindPasswordSet: _, ...settings } = toApi(row);
  return { ...settings, bindPassword: savedPassword };
}
