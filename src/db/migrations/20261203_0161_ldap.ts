import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

/**
 * Directory (LDAP / Active Directory) sign-in: one settings row, and the link between a DeskGate user
 * and the directory account that signs it in (keyed by the directory username, lower-cased), so a
 * directory account never takes over a local or SSO account that merely has the same name.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ldap_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('start_tls', 'integer', (c) => c.notNull())
    .addColumn('ca_pem', 'text', (c) => c.notNull())
    .addColumn('bind_dn', 'text', (c) => c.notNull())
    // secret-box, context `ldap:bind_password`.
    .addColumn('bind_password_sealed', 'text')
    .addColumn('search_base', 'text', (c) => c.notNull())
    .addColumn('search_filter', 'text', (c) => c.notNull())
    .addColumn('attr_username', 'text', (c) => c.notNull())
    .addColumn('attr_display_name', 'text', (c) => c.notNull())
    .addColumn('attr_email', 'text', (c) => c.notNull())
    // JSON: [{ "groupDn": "...", "groupId": "<DeskGate group id>" }], first match wins.
    .addColumn('group_mappings', 'text', (c) => c.notNull())
    // JSON: ["<group DN>", …]; members are administrators.
    .addColumn('admin_groups', 'text', (c) => c.notNull())
    .addColumn('nested_groups', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ldap_accounts')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('directory_key', 'text', (c) => c.notNull().unique())
    .addColumn('dn', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ldap_accounts').execute();
  await db.schema.dropTable('ldap_settings').execute();
}
