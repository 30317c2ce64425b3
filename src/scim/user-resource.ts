import type { ScimUserRow } from '../db/schema.ts';
import { type Attributes, ENTERPRISE_USER_SCHEMA } from './patch.ts';

// The SCIM User resource (RFC 7643 §4.1 + the enterprise extension §4.3) as DeskGate stores and returns it.

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

const isObject = (v: unknown): v is Attributes => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Attributes a client may not set or that DeskGate never keeps (RFC 7643 §7: password is never returned). */
const NOT_STORED = new Set(['id', 'meta', 'schemas', 'password', 'groups']);

/** The attributes to keep from a request body: everything but the server's own and write-never ones. */
export function storedAttributes(body: Attributes): Attributes {
  const kept: Attributes = {};
  for (const [k, v] of Object.entries(body)) if (!NOT_STORED.has(k.toLowerCase())) kept[k] = v;
  return normalise(kept);
}

/**
 * Entra's quirks, made standard: `active` as the strings "True"/"False" (Known issues page, "PATCH
 * active"), and the enterprise `manager` sent as a bare id instead of `{ value }`.
 */
export function normalise(attrs: Attributes): Attributes {
  const activeKey = Object.keys(attrs).find((k) => k.toLowerCase() === 'active');
  if (activeKey && typeof attrs[activeKey] === 'string') {
    attrs[activeKey] = (attrs[activeKey] as string).toLowerCase() === 'true';
  }
  const enterprise = attrs[ENTERPRISE_USER_SCHEMA];
  if (isObject(enterprise) && 'manager' in enterprise) {
    const manager = enterprise.manager;
    if (typeof manager === 'string') enterprise.manager = manager ? { value: manager } : undefined;
    if (enterprise.manager === undefined || enterprise.manager === null) delete enterprise.manager;
  }
  return attrs;
}

const get = (attrs: Attributes, name: string) =>
  attrs[Object.keys(attrs).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name];

/** What a User's attributes mean for the DeskGate account. */
export interface UserFacts {
  userName: string;
  externalId: string;
  active: boolean;
  displayName: string;
  email: string;
}

export function factsOf(attrs: Attributes): UserFacts {
  const name = isObject(get(attrs, 'name')) ? (get(attrs, 'name') as Attributes) : {};
  const emails = Array.isArray(get(attrs, 'emails')) ? (get(attrs, 'emails') as unknown[]) : [];
  const email =
    emails.find((e) => isObject(e) && e.primary === true) ??
    emails.find((e) => isObject(e) && e.type === 'work') ??
    emails[0];
  const composed = [str(name.givenName), str(name.familyName)].filter(Boolean).join(' ');
  return {
    userName: str(get(attrs, 'userName')).trim(),
    externalId: str(get(attrs, 'externalId')).trim(),
    active: get(attrs, 'active') !== false,
    displayName: str(get(attrs, 'displayName')) || str(name.formatted) || composed,
    email: isObject(email) ? str(email.value) : '',
  };
}

/** The resource as returned (RFC 7644 §3.1: with `id` and `meta`). */
export function toUserResource(row: ScimUserRow, baseUrl: string): Attributes {
  const attrs = JSON.parse(row.attributes) as Attributes;
  return {
    schemas: [USER_SCHEMA, ...(isObject(attrs[ENTERPRISE_USER_SCHEMA]) ? [ENTERPRISE_USER_SCHEMA] : [])],
    ...attrs,
    id: row.id,
    externalId: row.external_id,
    userName: row.user_name,
    active: attrs.active !== false,
    meta: {
      resourceType: 'User',
      created: new Date(row.created_at).toISOString(),
      lastModified: new Date(row.updated_at).toISOString(),
      location: `${baseUrl}/Users/${row.id}`,
    },
  };
}
