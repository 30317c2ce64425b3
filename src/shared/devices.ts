import { type Static, Type } from '@sinclair/typebox';
import { Id, Page, PageQuery } from './common.ts';

/**
 * A device counts as online while its last heartbeat is younger than two idle heartbeat periods
 * (the client sends one every 15 s, spec §5.1/§8): one late or lost heartbeat does not flap it.
 */
export const ONLINE_WINDOW_MS = 30_000;

/** A RustDesk ID as the client reports it (spec §1.4). */
export const DeviceId = Type.String({ minLength: 1, maxLength: 100 });

export const Device = Type.Object({
  id: Type.String(),
  hostname: Type.String(),
  os: Type.String(),
  osUsername: Type.String({ description: 'The OS account on the machine, as sysinfo reports it.' }),
  cpu: Type.String(),
  memory: Type.String(),
  version: Type.String({ description: 'RustDesk client version, e.g. 1.4.9.' }),
  userId: Type.Union([Type.String(), Type.Null()]),
  userName: Type.Union([Type.String(), Type.Null()], {
    description: 'The assigned user, else the DeskGate user last signed in on the device.',
  }),
  note: Type.String(),
  deviceGroupId: Type.Union([Type.String(), Type.Null()]),
  deviceGroupName: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean({ description: 'Hidden from every RustDesk client listing (spec §7).' }),
  pending: Type.Boolean({ description: 'Waiting for approval: hidden from every RustDesk client listing.' }),
  firstSeenAt: Type.Integer({ description: 'epoch milliseconds' }),
  lastSeenAt: Type.Integer({ description: 'epoch milliseconds' }),
  online: Type.Boolean(),
});
export type Device = Static<typeof Device>;

export const DevicePage = Page(Device);
export type DevicePage = Static<typeof DevicePage>;

/** The columns the Devices list sorts by (server-side, so sorting spans every page). */
export const DEVICE_SORT_KEYS = [
  'id',
  'hostname',
  'os',
  'version',
  'user',
  'deviceGroup',
  'lastSeen',
] as const;
export type DeviceSortKey = (typeof DEVICE_SORT_KEYS)[number];

export const DeviceListQuery = Type.Composite(
  [
    PageQuery,
    Type.Object({
      status: Type.Optional(
        Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('pending')]),
      ),
      userId: Type.Optional(Id),
      deviceGroupId: Type.Optional(Id),
      sort: Type.Optional(Type.Union(DEVICE_SORT_KEYS.map((k) => Type.Literal(k)))),
      dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    }),
  ],
  { additionalProperties: false },
);
export type DeviceListQuery = Static<typeof DeviceListQuery>;

/** Any subset: `userId`/`deviceGroupId` null clear the assignment. */
export const DeviceUpdate = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    userId: Type.Optional(Type.Union([Id, Type.Null()])),
    deviceGroupId: Type.Optional(Type.Union([Id, Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type DeviceUpdate = Static<typeof DeviceUpdate>;

/** A signed-in RustDesk client of one user: one bearer token, bound to one device. */
export const ClientSession = Type.Object({
  id: Type.String(),
  deviceId: Type.String(),
  deviceName: Type.String({ description: 'Host name the client sent at sign-in (deviceInfo.name).' }),
  deviceOs: Type.String(),
  deviceType: Type.String({ description: '"client" or "browser" (spec §1.4).' }),
  createdAt: Type.Integer({ description: 'epoch milliseconds: when the user signed in' }),
  lastUsedAt: Type.Integer(),
  expiresAt: Type.Integer(),
});
export type ClientSession = Static<typeof ClientSession>;
export const ClientSessionList = Type.Array(ClientSession);
