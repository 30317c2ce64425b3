import { type Static, Type } from '@sinclair/typebox';
import { Id } from './common.ts';

/** A device group with its devices counted and who it is granted to. */
export const DeviceGroup = Type.Object({
  id: Type.String(),
  name: Type.String(),
  note: Type.String(),
  deviceCount: Type.Integer(),
  userIds: Type.Array(Type.String(), { description: 'Users granted this device group.' }),
  groupIds: Type.Array(Type.String(), { description: 'User groups granted this device group.' }),
  createdAt: Type.Integer({ description: 'epoch milliseconds' }),
});
export type DeviceGroup = Static<typeof DeviceGroup>;
export const DeviceGroupList = Type.Array(DeviceGroup);

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const Note = Type.String({ maxLength: 500 });

export const DeviceGroupCreate = Type.Object(
  { name: Name, note: Type.Optional(Note) },
  { additionalProperties: false },
);
export type DeviceGroupCreate = Static<typeof DeviceGroupCreate>;

export const DeviceGroupUpdate = Type.Object(
  { name: Type.Optional(Name), note: Type.Optional(Note) },
  { additionalProperties: false },
);
export type DeviceGroupUpdate = Static<typeof DeviceGroupUpdate>;

/** The full set of grantees of one device group (replaces the previous set). */
export const DeviceGroupGrants = Type.Object(
  {
    userIds: Type.Array(Id, { maxItems: 1000, uniqueItems: true }),
    groupIds: Type.Array(Id, { maxItems: 1000, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type DeviceGroupGrants = Static<typeof DeviceGroupGrants>;

/** The user groups whose devices the members of one user group may access (may include itself). */
export const GroupDeviceAccess = Type.Object(
  { targetGroupIds: Type.Array(Id, { maxItems: 1000, uniqueItems: true }) },
  { additionalProperties: false },
);
export type GroupDeviceAccess = Static<typeof GroupDeviceAccess>;
