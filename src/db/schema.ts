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
  audit_events: AuditEventsTable;
  audit_upload_budget: AuditUploadBudgetTable;
  oidc_providers: OidcProvidersTable;
  pending_logins: PendingLoginsTable;
  identities: IdentitiesTable;
  client_tokens: ClientTokensTable;
  user_two_factor: UserTwoFactorTable;
  user_backup_codes: UserBackupCodesTable;
  two_factor_challenges: TwoFactorChallengesTable;
  sso_test_results: SsoTestResultsTable;
  address_books: AddressBooksTable;
  address_book_rules: AddressBookRulesTable;
  address_book_peers: AddressBookPeersTable;
  address_book_tags: AddressBookTagsTable;
  device_logins: DeviceLoginsTable;
  devices: DevicesTable;
  device_presence: DevicePresenceTable;
  device_groups: DeviceGroupsTable;
  device_group_members: DeviceGroupMembersTable;
  device_group_grants: DeviceGroupGrantsTable;
  group_device_access: GroupDeviceAccessTable;
  api_tokens: ApiTokensTable;
  device_preregistrations: DevicePreregistrationsTable;
  scim_tokens: ScimTokensTable;
  scim_users: ScimUsersTable;
  scim_groups: ScimGroupsTable;
  scim_group_members: ScimGroupMembersTable;
  logout_token_jtis: LogoutTokenJtisTable;
  roles: RolesTable;
  strategies: StrategiesTable;
  strategy_assignments: StrategyAssignmentsTable;
  fleet_revision: FleetRevisionTable;
  device_strategy_state: DeviceStrategyStateTable;
  device_disconnects: DeviceDisconnectsTable;
  device_conns: DeviceConnsTable;
  ldap_settings: LdapSettingsTable;
  ldap_accounts: LdapAccountsTable;
  email_settings: EmailSettingsTable;
  user_mail_prefs: UserMailPrefsTable;
  email_links: EmailLinksTable;
  email_login_codes: EmailLoginCodesTable;
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
  /** Kept equal to `role_id === 'administrator'` (src/accounts/users.repo.ts), for the RustDesk client. */
  is_admin: number;
  /** The user's one role (src/roles/); null: a plain user who uses only their own things. */
  role_id: string | null;
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
  /** The provider that signed this session in (null for a password sign-in): RP-initiated logout. */
  sso_provider_id: string | null;
  /** The session's ID token sealed with secret-box (context `session:<user id>:id_token`), for id_token_hint. */
  id_token_sealed: string | null;
  /** The IdP session (ID token `sid`) this session came from: IdP-started logout ends it (src/sso/idp-logout.ts). */
  sso_sid: Generated<string | null>;
}

export interface LoginThrottleTable {
  /** `pw:<username_key>|<address>`, `2fa:<username_key>|<address>`, `pw:<username_key>`, `ip:<address>` … */
  key: string;
  /** The account the key counts for; '' for a per-address key. */
  username_key: string;
  /** Attempts reserved in the current window (refunded on success). */
  attempts: number;
  /** When the window ends and the count starts again from zero (epoch ms). */
  window_ends_at: number;
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

/** A record uploaded by a RustDesk client: connection, file transfer or alarm (spec §5.4–5.6). */
export interface AuditEventsTable {
  id: Generated<number>;
  guid: string;
  dedupe_key: string | null;
  at: number;
  /** 'conn' | 'file' | 'alarm' */
  kind: string;
  action: string;
  device_id: string;
  device_uuid: string;
  peer_id: string;
  peer_name: string;
  conn_id: number | null;
  session_id: string;
  ip: string;
  type: number | null;
  note: string;
  note_by: string;
  detail: string;
}

/** Audit records a device uploaded in its current one-minute window (src/audit/upload-budget.repo.ts). */
export interface AuditUploadBudgetTable {
  device_id: string;
  window_start: number;
  count: number;
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
  /** The origin the admin saved the provider from (`https://host[:port]`); null until saved once (issue 9 §6). */
  callback_origin: string | null;
  /** The login button's text when set ("Continue with <label>"); the name stays the client's `op` (issue 11). */
  button_label: string | null;
  /** When the client secret expires (epoch ms), as the admin typed it from the IdP; null when unknown. */
  client_secret_expires_at: number | null;
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
  /** The provider and IdP session (`sid`) of an OIDC device login: IdP-started logout ends the token. */
  sso_provider_id: string | null;
  sso_sid: string | null;
}

export interface UserTwoFactorTable {
  user_id: string;
  /** The TOTP seed, sealed with the instance key (security/secret-box.ts). */
  secret_sealed: string;
  /** Null while enrolment awaits its first code. */
  confirmed_at: number | null;
  last_used_step: number;
  created_at: number;
}

export interface UserBackupCodesTable {
  /** HMAC of the code under the instance key; a used code's row is deleted. */
  code_hash: string;
  user_id: string;
  created_at: number;
}

export interface TwoFactorChallengesTable {
  /** SHA-256 of the challenge id handed to the browser or client. */
  id_hash: string;
  user_id: string;
  username_key: string;
  /** 'console' | 'client' */
  purpose: string;
  method: string;
  device_id: string;
  device_uuid: string;
  return_to: string;
  attempts: number;
  expires_at: number;
}

export type UserTwoFactorRow = Selectable<UserTwoFactorTable>;
export type TwoFactorChallengeRow = Selectable<TwoFactorChallengesTable>;
/** One "Test sign-in" run: who started it, and what the callback found (JSON), kept a few minutes. */
export interface SsoTestResultsTable {
  id: string;
  state_hash: string;
  user_id: string;
  provider_id: string;
  outcome: string | null;
  created_at: number;
  expires_at: number;
}
export interface AddressBooksTable {
  id: string;
  owner_id: string;
  /** = owner_id for the owner's personal book; null for shared books. */
  personal_of: string | null;
  name: string;
  note: string;
  revision: number;
  created_at: number;
  updated_at: number;
}

export interface AddressBookRulesTable {
  id: string;
  book_id: string;
  user_id: string | null;
  group_id: string | null;
  /** 1 read, 2 read/write, 3 full control. */
  rule: number;
  created_at: number;
}

export interface AddressBookPeersTable {
  book_id: string;
  peer_id: string;
  alias: string;
  note: string;
  /** JSON array of tag names. */
  tags: string;
  username: string;
  hostname: string;
  platform: string;
  force_always_relay: number;
  rdp_port: string;
  rdp_username: string;
  login_name: string;
  device_group_name: string;
  same_server: number | null;
  hash_sealed: string | null;
  password_sealed: string | null;
  created_at: number;
  updated_at: number;
}

export interface AddressBookTagsTable {
  book_id: string;
  name: string;
  color: number;
  position: number;
}

export type AddressBookRow = Selectable<AddressBooksTable>;
export type AddressBookPeerRow = Selectable<AddressBookPeersTable>;
export interface DeviceLoginsTable {
  id: string;
  /** SHA-256 of the code the client polls with. */
  code_hash: string;
  provider_id: string;
  provider_name: string;
  device_id: string;
  device_uuid: string;
  device_info: string;
  /** 'pending' (at the IdP) | 'awaiting_approval' (DeskGate's confirmation page) | 'done' | 'denied' | 'failed' */
  status: string;
  failure_code: string;
  failure: string;
  /** The person the IdP signed in; set at the callback, before anyone approved. */
  user_id: string | null;
  /** The issued token sealed with the instance key, until the client fetched it once. */
  token_sealed: string | null;
  token_hash: string | null;
  created_at: number;
  expires_at: number;
  /** Address of the POST /api/oidc/auth that started the login. */
  client_ip: string;
  /** Address of the browser: at the callback, then at Approve / Deny. */
  browser_ip: string;
  /** SHA-256 of the confirmation secret that only the callback's browser holds (cookie). */
  confirm_hash: string | null;
  decided_at: number | null;
  /** The ID token `sid` of the callback, handed to the client token at Approve. */
  sso_sid: string | null;
}

export type DeviceLoginRow = Selectable<DeviceLoginsTable>;
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
  /** 1: disabled by an administrator — still registered, hidden from every client listing (src/access/). */
  disabled: Generated<number>;
  /** 1: waiting for an administrator's approval (src/devices/approval.ts) — hidden from every client listing. */
  pending: Generated<number>;
}

/** When a device was last heard from; written in batches from heartbeats (src/devices/presence.ts). */
export interface DevicePresenceTable {
  device_id: string;
  last_seen_at: number;
}

export type DeviceRow = Selectable<DevicesTable>;

/** A named set of devices that can be granted to users and user groups (src/access/). */
export interface DeviceGroupsTable {
  id: string;
  name: string;
  name_key: string;
  note: string;
  created_at: number;
}

/** A device's device group; at most one per device. */
export interface DeviceGroupMembersTable {
  device_id: string;
  device_group_id: string;
}

/** A device group granted to one user (user_id) or one user group (group_id). */
export interface DeviceGroupGrantsTable {
  id: string;
  device_group_id: string;
  user_id: string | null;
  group_id: string | null;
}

/** Members of group_id may access the devices assigned to members of target_group_id. */
export interface GroupDeviceAccessTable {
  group_id: string;
  target_group_id: string;
}

export type DeviceGroupRow = Selectable<DeviceGroupsTable>;

/** A named, scoped API token (src/automation/); only its hash is stored. */
export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  /** JSON array of scope names. */
  scopes: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  last_used_at: number | null;
  last_used_ip: string;
  revoked_at: number | null;
}

export type ApiTokenRow = Selectable<ApiTokensTable>;

/** What an administrator set for a device ID before it first connected (src/devices/approval.ts). */
export interface DevicePreregistrationsTable {
  device_id: string;
  user_id: string | null;
  device_group_id: string | null;
  strategy_name: string;
  note: string;
  created_at: number;
}
/** The SCIM bearer secret of a provider (hash only; issue 12). */
export interface ScimTokensTable {
  provider_id: string;
  token_hash: string;
  created_at: number;
}

/** A SCIM User resource: the provider's view of one DeskGate account (src/scim/). */
export interface ScimUsersTable {
  id: string;
  provider_id: string;
  user_id: string;
  external_id: string;
  user_name: string;
  user_name_key: string;
  /** JSON: the SCIM attributes as last provisioned (name, emails, active, enterprise extension…). */
  attributes: string;
  created_at: number;
  updated_at: number;
}

export interface ScimGroupsTable {
  id: string;
  provider_id: string;
  external_id: string;
  display_name: string;
  created_at: number;
  updated_at: number;
}

export interface ScimGroupMembersTable {
  group_id: string;
  scim_user_id: string;
}

/** Back-Channel Logout 1.0 §2.6: logout token ids already accepted (`<provider id>:<jti>`). */
export interface LogoutTokenJtisTable {
  jti_key: string;
  expires_at: number;
}

export type ScimUserRow = Selectable<ScimUsersTable>;
export type ScimGroupRow = Selectable<ScimGroupsTable>;
/** A custom role (src/roles/); the built-in ones are defined in code. */
export interface RolesTable {
  id: string;
  name: string;
  name_key: string;
  /** JSON object: area → 'none' | 'read' | 'manage'. */
  permissions: string;
  created_at: number;
  updated_at: number;
}
export type RoleRow = Selectable<RolesTable>;
/** A named set of RustDesk client options (src/strategies/). */
export interface StrategiesTable {
  id: string;
  name: string;
  name_key: string;
  note: string;
  /** JSON object: option key → value (spec §5.1 `config_options`). */
  options: string;
  /** 1: applies to devices no other assignment covers (at most one row). */
  is_default: number;
  created_at: number;
  updated_at: number;
}

/** 'device' | 'user' | 'device-group' → strategy. */
export interface StrategyAssignmentsTable {
  target_type: string;
  target_id: string;
  strategy_id: string;
}

/** One row (id 1): the counter that orders strategy and disconnect changes for the instances' mirrors. */
export interface FleetRevisionTable {
  id: number;
  rev: number;
}

/** A device's effective strategy, computed on change (src/strategies/effective.ts). */
export interface DeviceStrategyStateTable {
  device_id: string;
  strategy_id: string | null;
  /** Why it applies: 'device' | 'user' | 'device-group' | 'default' | '' (none any more). */
  source: string;
  /** JSON: the effective options. */
  options: string;
  /** JSON: the `config_options` sent, removed options as empty strings. */
  payload: string;
  modified_at: number;
  /** When the device echoed `modified_at` in a heartbeat. */
  applied_at: number | null;
  rev: number;
}

/** A connection an administrator asked a device to close. */
export interface DeviceDisconnectsTable {
  id: string;
  device_id: string;
  conn_id: number;
  requested_at: number;
  requested_by: string;
  rev: number;
}

/** The alive connection ids of the device's last heartbeat (JSON array). */
export interface DeviceConnsTable {
  device_id: string;
  conns: string;
  seen_at: number;
}

/** Directory sign-in settings, one row (id 'default'); see src/ldap/. */
export interface LdapSettingsTable {
  id: string;
  enabled: number;
  url: string;
  start_tls: number;
  ca_pem: string;
  bind_dn: string;
  /** secret-box, context `ldap:bind_password`. */
  bind_password_sealed: string | null;
  search_base: string;
  search_filter: string;
  attr_username: string;
  attr_display_name: string;
  attr_email: string;
  /** JSON `[{ groupDn, groupId }]`. */
  group_mappings: string;
  /** JSON `[groupDn]`. */
  admin_groups: string;
  nested_groups: number;
  updated_at: number;
}

/** The directory account that signs a DeskGate user in (created on its first sign-in). */
export interface LdapAccountsTable {
  user_id: string;
  /** The directory username, lower-cased. */
  directory_key: string;
  dn: string;
  created_at: number;
}

/** SMTP settings, one row (id 'default'); see src/email/. */
export interface EmailSettingsTable {
  id: string;
  host: string;
  port: number;
  /** 'starttls' | 'tls' | 'none' */
  security: string;
  ca_pem: string;
  username: string;
  /** secret-box, context `email:smtp_password`. */
  password_sealed: string | null;
  from_address: string;
  /** The origin links in mails use (saved with the settings), unless DESKGATE_PUBLIC_URL is set. */
  link_origin: string;
  /** 1: every password sign-in asks for an emailed code. */
  login_verification_all: number;
  updated_at: number;
}

export interface UserMailPrefsTable {
  user_id: string;
  /** 'en' | 'ja': the language of the mails this user gets. */
  language: string;
  /** 1: this user's password sign-ins ask for an emailed code. */
  login_verification: number;
}

/** A one-time link (invitation or password reset): SHA-256 of the token, single use, expiring. */
export interface EmailLinksTable {
  token_hash: string;
  user_id: string;
  /** 'invite' | 'reset' */
  purpose: string;
  created_at: number;
  expires_at: number;
}

/** The emailed code that answers a second-factor challenge. */
export interface EmailLoginCodesTable {
  challenge_hash: string;
  code_hash: string;
  expires_at: number;
}
