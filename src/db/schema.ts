import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types as Kysely sees them. Portable column types only: text, integers, epoch-millisecond
 * integers for times, 0/1 integers for booleans, JSON stored as text.
 */
export interface Database {
  groups: GroupsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  oidc_providers: OidcProvidersTable;
  pending_logins: PendingLoginsTable;
  identities: IdentitiesTable;
  client_tokens: ClientTokensTable;
  devices: DevicesTable;
  device_presence: DevicePresenceTable;
}

export interface GroupsTable {
  id: string;
  name: string;
  /** Lower-cased name: uniqueness is case-insensitive on both dialects. */
  name_key: string;
  note: string;
  is_default: number;
  created_at: number;
}

export interface UsersTable {
  id: string;
  username: string;
  username_key: string;
  display_name: string;
  email: string;
  note: string;
  /** 1 enabled, 0 disabled (the RustDesk client's own convention). */
  status: number;
  is_admin: number;
  group_id: string;
  password_hash: string | null;
  created_at: number;
  last_login_at: number | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token: a leaked database does not leak live sessions. */
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  ip: string;
  user_agent: string;
}

export interface LoginThrottleTable {
  /** `user:<username_key>` or `ip:<address>`. */
  key: string;
  failures: number;
  locked_until: number;
  updated_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target: string;
  detail: string;
  ip: string;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserRowUpdate = Updateable<UsersTable>;
export type GroupRow = Selectable<GroupsTable>;
export type SessionRow = Selectable<SessionsTable>;

export interface OidcProvidersTable {
  id: string;
  name: string;
  name_key: string;
  type: string;
  client_id: string;
  client_secret_sealed: string | null;
  issuer: string;
  enabled: number;
  settings: string;
  created_at: number;
  updated_at: number;
}

export interface PendingLoginsTable {
  state_hash: string;
  binding_hash: string;
  provider_id: string;
  nonce: string;
  code_verifier: string;
  /** 'console' | 'test' | 'device' */
  purpose: string;
  return_to: string;
  device_login_id: string | null;
  expires_at: number;
}

export interface IdentitiesTable {
  id: string;
  provider_id: string;
  issuer: string;
  subject: string;
  user_id: string;
  tenant_id: string | null;
  object_id: string | null;
  email: string;
  created_at: number;
  last_login_at: number | null;
}

export type OidcProviderRow = Selectable<OidcProvidersTable>;
export type PendingLoginRow = Selectable<PendingLoginsTable>;

export interface ClientTokensTable {
  id: string;
  token_hash: string;
  user_id: string;
  device_id: string;
  device_uuid: string;
  device_info: string;
  created_at: number;
  expires_at: number;
  last_used_at: number;
}

/** A RustDesk device registered by its sysinfo upload (spec §5.2). */
export interface DevicesTable {
  id: string;
  uuid: string;
  hostname: string;
  os_username: string;
  os: string;
  cpu: string;
  memory: string;
  version: string;
  /** Assigned by an administrator; null until then. */
  user_id: string | null;
  note: string;
  /** JSON: the sysinfo keys without a column (preset-*). */
  sysinfo: string;
  sysinfo_hash: string;
  first_seen_at: number;
  sysinfo_at: number;
}

/** When a device was last heard from; written in batches from heartbeats (src/devices/presence.ts). */
export interface DevicePresenceTable {
  device_id: string;
  last_seen_at: number;
}

export type DeviceRow = Selectable<DevicesTable>;
