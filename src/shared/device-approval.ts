import { type Static, Type } from '@sinclair/typebox';
import { Id } from './common.ts';
import { DeviceId } from './devices.ts';

export const DeviceApprovalSettings = Type.Object(
  {
    requireApproval: Type.Boolean({ description: 'New devices register as pending until approved.' }),
    approveOnSignIn: Type.Boolean({
      description:
        'A pending device is approved when its user (or, if it has none, any user) signs in on it.',
    }),
  },
  { additionalProperties: false },
);
export type DeviceApprovalSettings = Static<typeof DeviceApprovalSettings>;

export const DeviceApproveBody = Type.Object(
  { ids: Type.Array(DeviceId, { minItems: 1, maxItems: 1000, uniqueItems: true }) },
  { additionalProperties: false },
);
export const DeviceApproveResult = Type.Object({
  approved: Type.Array(Type.String(), { description: 'The ids that were pending and are now approved.' }),
});

/** The Devices page's filter: "Approve all" takes every pending device it matches, on every page. */
export const PendingFilter = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(
      Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('pending')]),
    ),
    userId: Type.Optional(Id),
    deviceGroupId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type PendingFilter = Static<typeof PendingFilter>;
export const PendingCount = Type.Object({
  total: Type.Integer({ description: 'Pending devices the filter matches, on every page.' }),
});

/** A device ID registered before it ever connected, with what it gets when it does. */
export const Preregistration = Type.Object({
  deviceId: Type.String(),
  userId: Type.Union([Type.String(), Type.Null()]),
  userName: Type.Union([Type.String(), Type.Null()]),
  deviceGroupId: Type.Union([Type.String(), Type.Null()]),
  deviceGroupName: Type.Union([Type.String(), Type.Null()]),
  strategyName: Type.String(),
  note: Type.String(),
  createdAt: Type.Integer({ description: 'epoch milliseconds' }),
});
export type Preregistration = Static<typeof Preregistration>;
export const PreregistrationList = Type.Array(Preregistration);

export const PreregistrationCreate = Type.Object(
  {
    deviceId: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
    userId: Type.Optional(Type.Union([Id, Type.Null()])),
    deviceGroupId: Type.Optional(Type.Union([Id, Type.Null()])),
    strategyName: Type.Optional(Type.String({ maxLength: 100 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type PreregistrationCreate = Static<typeof PreregistrationCreate>;
export const PreregistrationParams = Type.Object({ deviceId: DeviceId }, { additionalProperties: false });
