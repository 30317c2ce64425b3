import type { Kysely, Selectable } from 'kysely';
import type { Database, EmailSettingsTable } from '../db/schema.ts';
import { openSecret, sealSecret } from '../security/secret-box.ts';
import type { EmailSettings, EmailSettingsInput } from '../shared/email.ts';

const ROW_ID = 'default';
const PASSWORD_CONTEXT = 'email:smtp_password';

/** Everything nodemailer needs, the password opened; lives for one send. */
export type MailConfig = Omit<EmailSettingsInput, 'password' | 'loginVerificationAll'> & {
  password: string;
  linkOrigin: string;
};

const DEFAULTS: EmailSettings = {
  host: '',
  port: 587,
  security: 'starttls',
  caPem: '',
  username: '',
  fromAddress: '',
  loginVerificationAll: false,
  passwordSet: false,
  configured: false,
  linkOrigin: '',
};

const findRow = (db: Kysely<Database>): Promise<Selectable<EmailSettingsTable> | undefined> =>
  db.selectFrom('email_settings').selectAll().where('id', '=', ROW_ID).executeTakeFirst();

const isConfigured = (row: Selectable<EmailSettingsTable> | undefined) => !!row?.host && !!row.from_address;

export async function findEmailSettings(db: Kysely<Database>): Promise<EmailSettings> {
  const row = await findRow(db);
  if (!row) return DEFAULTS;
  return {
    host: row.host,
    port: row.port,
    security: row.security as EmailSettings['security'],
    caPem: row.ca_pem,
    username: row.username,
    fromAddress: row.from_address,
    loginVerificationAll: row.login_verification_all === 1,
    passwordSet: row.password_sealed !== null,
    configured: isConfigured(row),
    linkOrigin: row.link_origin,
  };
}

export async function saveEmailSettings(
  db: Kysely<Database>,
  key: Buffer,
  input: EmailSettingsInput,
  linkOrigin: string,
): Promise<EmailSettings> {
  const saved = await findRow(db);
  const sealed =
    input.password === undefined
      ? (saved?.password_sealed ?? null)
      : input.password === ''
        ? null
        : sealSecret(key, input.password, PASSWORD_CONTEXT);
  const values = {
    host: input.host.trim(),
    port: input.port,
    security: input.security,
    ca_pem: input.caPem.trim(),
    username: input.username.trim(),
    password_sealed: sealed,
    from_address: input.fromAddress.trim(),
    link_origin: linkOrigin,
    login_verification_all: input.loginVerificationAll ? 1 : 0,
    updated_at: Date.now(),
  };
  await db
    .insertInto('email_settings')
    .values({ id: ROW_ID, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
  return findEmailSettings(db);
}

/** The SMTP configuration, or undefined when email is not set up (every mail feature is then off). */
export async function loadMailConfig(db: Kysely<Database>, key: Buffer): Promise<MailConfig | undefined> {
  const row = await findRow(db);
  if (!row || !isConfigured(row)) return undefined;
  return {
    host: row.host,
    port: row.port,
    security: row.security as MailConfig['security'],
    caPem: row.ca_pem,
    username: row.username,
    fromAddress: row.from_address,
    linkOrigin: row.link_origin,
    password: row.password_sealed ? openSecret(key, row.password_sealed, PASSWORD_CONTEXT) : '',
  };
}

/** Whether every password sign-in asks for an emailed code. */
export async function isLoginVerificationForAll(db: Kysely<Database>): Promise<boolean> {
  return (await findRow(db))?.login_verification_all === 1;
}
