// How the official RustDesk client parses API answers, one function per client type (spec §1.5, §3.5,
// §4.2, §4.3). Used by the client emulator (rustdesk-client.ts); strict exactly where the client is.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const parseJson = (text: string): { ok: true; value: Json } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch {
    return { ok: false };
  }
};

/** `HbbHttpResponse<T>` (RD: src/hbbs_http.rs): the status is never looked at. */
export type HbbHttpResponse<T> =
  | { kind: 'Data'; value: T }
  | { kind: 'Error'; message: string }
  | { kind: 'ErrorFormat' }
  | { kind: 'DataTypeFormat' }
  /** `resp.json::<Map>()` failed: not JSON, or JSON that is not an object (reqwest error). */
  | { kind: 'RequestError'; message: string };

export function parseHbbHttpResponse<T>(
  body: string,
  deserialize: (value: Record<string, Json>) => T | undefined,
): HbbHttpResponse<T> {
  const parsed = parseJson(body);
  if (!parsed.ok || !isObject(parsed.value))
    return { kind: 'RequestError', message: 'error decoding response body' };
  const map = parsed.value;
  if ('error' in map) {
    return typeof map.error === 'string' ? { kind: 'Error', message: map.error } : { kind: 'ErrorFormat' };
  }
  const value = deserialize(map);
  return value === undefined ? { kind: 'DataTypeFormat' } : { kind: 'Data', value };
}

/** serde's `Option<String>` / `#[serde(default)] String`: absent, null (Option only) or a string. */
const optionalString = (v: Json | undefined, nullable: boolean) =>
  v === undefined || (nullable && v === null) || typeof v === 'string';
const isU64 = (v: Json | undefined) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** `OidcAuthUrl { code: String, url: Url }` (RD: src/hbbs_http/account.rs); `url` must be absolute. */
export function deserializeOidcAuthUrl(v: Record<string, Json>): { code: string; url: string } | undefined {
  if (typeof v.code !== 'string' || typeof v.url !== 'string') return undefined;
  if (!URL.canParse(v.url)) return undefined;
  return { code: v.code, url: v.url };
}

export interface ClientUserPayload {
  name: string;
  display_name?: string | null;
  avatar?: string | null;
  email?: string | null;
  note?: string | null;
  status: 1 | 0 | -1;
  is_admin: boolean;
  info: Record<string, Json>;
  third_auth_type?: string | null;
}

/** Rust `UserPayload` (spec §3.5, strict): name and info required, status exactly 1/0/-1, is_admin bool. */
export function deserializeUserPayload(v: Json | undefined): ClientUserPayload | undefined {
  if (!isObject(v) || typeof v.name !== 'string') return undefined;
  for (const k of ['display_name', 'avatar', 'email', 'note', 'third_auth_type'])
    if (!optionalString(v[k], true)) return undefined;
  if (v.status !== undefined && v.status !== 1 && v.status !== 0 && v.status !== -1) return undefined;
  if (v.is_admin !== undefined && typeof v.is_admin !== 'boolean') return undefined;
  const info = v.info;
  if (!isObject(info)) return undefined;
  for (const k of ['email_verification', 'email_alarm_notification'])
    if (info[k] !== undefined && typeof info[k] !== 'boolean') return undefined;
  const whitelist = info.login_device_whitelist;
  if (whitelist !== undefined) {
    if (!Array.isArray(whitelist)) return undefined;
    for (const item of whitelist) {
      if (!isObject(item) || typeof item.data !== 'string' || !isU64(item.exp) || !isObject(item.info))
        return undefined;
      for (const k of ['os', 'type', 'name']) if (!optionalString(item.info[k], false)) return undefined;
    }
  }
  if (info.other !== undefined) {
    if (!isObject(info.other) || Object.values(info.other).some((x) => typeof x !== 'string'))
      return undefined;
  }
  return {
    ...(v as unknown as ClientUserPayload),
    status: (v.status ?? 1) as 1 | 0 | -1,
    is_admin: (v.is_admin ?? false) as boolean,
  };
}

export interface AuthBody {
  access_token: string;
  type: string;
  tfa_type?: string;
  secret?: string;
  user: ClientUserPayload;
}

/** Rust `AuthBody` (spec §4.3): tfa_type/secret absent or strings (null fails), user strict. */
export function deserializeAuthBody(v: Record<string, Json>): AuthBody | undefined {
  if (typeof v.access_token !== 'string' || typeof v.type !== 'string') return undefined;
  if (!optionalString(v.tfa_type, false) || !optionalString(v.secret, false)) return undefined;
  const user = deserializeUserPayload(v.user);
  if (!user) return undefined;
  return { ...(v as unknown as AuthBody), user };
}

/** Flutter `UserPayload.fromJson` (RD: flutter/lib/common/hbbs/hbbs.dart): lenient, defaults everywhere. */
export function flutterUserPayload(v: Json | undefined) {
  const o = isObject(v) ? v : {};
  const s = (x: Json | undefined) => (typeof x === 'string' ? x : '');
  return {
    name: s(o.name),
    displayName: s(o.display_name),
    avatar: s(o.avatar),
    email: s(o.email),
    note: s(o.note),
    status: o.status === 0 ? 'disabled' : o.status === -1 ? 'unverified' : 'normal',
    isAdmin: o.is_admin === true,
  } as const;
}
