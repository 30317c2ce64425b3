import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '../shared/common.ts';

// Wire shapes of the official RustDesk client (spec §6). Bodies allow unknown keys: a newer client
// may send more, and they are ignored rather than refused.

/** A mutation's success: HTTP 200 and an EMPTY body — even `{}` is an error to the client (§1.5). */
export const EmptySuccess = Type.Null({ description: 'Empty body: the only success the client accepts.' });

/** The endpoints that send no body (§6.2, §6.3): empty, or `{}` from the Sciter UI. */
export const NoBody = Type.Union([Type.Null(), Type.Object({}, { additionalProperties: true })]);

export const ClientErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
};
export const ClientWriteErrors = { ...ClientErrors, 409: ErrorResponse };

export const GuidParams = Type.Object({ guid: Type.String({ minLength: 1, maxLength: 64 }) });

const page = {
  current: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
};
export const ProfilesQuery = Type.Object(page, { additionalProperties: true });
export const PeersQuery = Type.Object(
  { ...page, ab: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: true },
);

const Str = (max = 500) => Type.String({ maxLength: max });
const Tags = Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 });

/** The peer fields the client sends on add and update (`Peer.toJson`, §6.4). */
const peerFields = {
  alias: Type.Optional(Str()),
  note: Type.Optional(Str(10_000)),
  tags: Type.Optional(Tags),
  username: Type.Optional(Str()),
  hostname: Type.Optional(Str()),
  platform: Type.Optional(Str(100)),
  // A string "true"/"false" on the wire (`forceAlwaysRelay.toString()`); a boolean is accepted too.
  forceAlwaysRelay: Type.Optional(Type.Union([Type.Boolean(), Str(10)])),
  rdpPort: Type.Optional(Str(20)),
  rdpUsername: Type.Optional(Str()),
  loginName: Type.Optional(Str()),
  device_group_name: Type.Optional(Str()),
  same_server: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  hash: Type.Optional(Str(1000)),
  password: Type.Optional(Str(1000)),
};
export const PeerBody = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100 }), ...peerFields },
  { additionalProperties: true },
);

export const IdList = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 10_000 });

/** Flutter ARGB colour: an unsigned 32-bit integer. */
const Color = Type.Integer({ minimum: 0, maximum: 0xffffffff });
export const TagBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), color: Color },
  { additionalProperties: true },
);
export const TagRename = Type.Object(
  { old: Type.String({ minLength: 1, maxLength: 200 }), new: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: true },
);
export const TagList = Type.Array(Type.Object({ name: Type.String(), color: Type.Integer() }));

/** A peer as `Peer.fromJson` reads it (§6.3 table). */
export const ClientPeer = Type.Object({
  id: Type.String(),
  hash: Type.Optional(Type.String()),
  password: Type.Optional(Type.String()),
  username: Type.String(),
  hostname: Type.String(),
  platform: Type.String(),
  alias: Type.String(),
  tags: Type.Array(Type.String()),
  forceAlwaysRelay: Type.String(),
  rdpPort: Type.String(),
  rdpUsername: Type.String(),
  loginName: Type.String(),
  device_group_name: Type.String(),
  note: Type.String(),
  same_server: Type.Union([Type.Boolean(), Type.Null()]),
});
export const PeerPage = Type.Object({ total: Type.Integer(), data: Type.Array(ClientPeer) });

export const AbProfile = Type.Object({
  guid: Type.String(),
  name: Type.String(),
  owner: Type.String(),
  note: Type.String(),
  rule: Type.Integer(),
});
export const ProfilePage = Type.Object({ total: Type.Integer(), data: Type.Array(AbProfile) });

export const LegacyGet = Type.Object({ data: Type.String() });
export const LegacyPost = Type.Object(
  { data: Type.String({ maxLength: 8 * 1024 * 1024 }) },
  { additionalProperties: true },
);
export const SciterGet = Type.Object({ data: Type.String(), updated_at: Type.Integer() });
