import { Type } from '@sinclair/typebox';

/** `deviceInfo` as the client sends it (spec §1.4); every field may be missing in older clients. */
export const DeviceInfo = Type.Object({
  os: Type.Optional(Type.String({ maxLength: 100 })),
  type: Type.Optional(Type.String({ maxLength: 100 })),
  name: Type.Optional(Type.String({ maxLength: 500 })),
});

/** The user object both client parsers accept (spec §3.5); the response schema is its allow-list. */
export const ClientUser = Type.Object({
  name: Type.String(),
  display_name: Type.String(),
  avatar: Type.String(),
  email: Type.String(),
  note: Type.String(),
  status: Type.Union([Type.Literal(1), Type.Literal(0), Type.Literal(-1)]),
  is_admin: Type.Boolean(),
  info: Type.Object({}),
});
