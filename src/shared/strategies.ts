import { type Static, Type } from '@sinclair/typebox';
import { Id } from './common.ts';

/** Client option keys as config.rs spells them (letters, digits, `-`, `_`, `.`). */
const OptionKey = '^[A-Za-z0-9_.-]{1,100}$';
export const StrategyOptions = Type.Record(Type.String(), Type.String({ maxLength: 2000 }), {
  maxProperties: 200,
  propertyNames: { pattern: OptionKey },
  description: 'Client option key → value (spec §5.1 `config_options`).',
});
export type StrategyOptions = Static<typeof StrategyOptions>;

export const Strategy = Type.Object({
  id: Type.String(),
  name: Type.String(),
  note: Type.String(),
  options: StrategyOptions,
  isDefault: Type.Boolean({ description: 'Applies to devices no assignment covers.' }),
  assignedDevices: Type.Integer(),
  assignedUsers: Type.Integer(),
  assignedDeviceGroups: Type.Integer(),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});
export type Strategy = Static<typeof Strategy>;
export const StrategyList = Type.Array(Strategy);

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
export const StrategyCreate = Type.Object(
  {
    name: Name,
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    options: StrategyOptions,
    isDefault: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type StrategyCreate = Static<typeof StrategyCreate>;

export const StrategyUpdate = Type.Partial(StrategyCreate, { additionalProperties: false });
export type StrategyUpdate = Static<typeof StrategyUpdate>;

export const AssignmentTarget = Type.Union([
  Type.Literal('device'),
  Type.Literal('user'),
  Type.Literal('device-group'),
]);
export type AssignmentTarget = Static<typeof AssignmentTarget>;

/** Sets (strategyId) or clears (null) the strategy of one device, user or device group. */
export const StrategyAssignment = Type.Object(
  {
    targetType: AssignmentTarget,
    targetId: Type.String({ minLength: 1, maxLength: 100 }),
    strategyId: Type.Union([Id, Type.Null()]),
  },
  { additionalProperties: false },
);
export type StrategyAssignment = Static<typeof StrategyAssignment>;

export const AssignmentList = Type.Array(
  Type.Object({
    targetType: AssignmentTarget,
    targetId: Type.String(),
    targetName: Type.String(),
    strategyId: Type.String(),
  }),
);
export type AssignmentList = Static<typeof AssignmentList>;

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** Which strategy applies to a device, why, and whether the device has it. */
export const DeviceStrategy = Type.Object({
  strategyId: Nullable(Type.String()),
  strategyName: Nullable(Type.String()),
  source: Type.Union([
    Type.Literal('device'),
    Type.Literal('user'),
    Type.Literal('device-group'),
    Type.Literal('default'),
    Type.Literal('none'),
  ]),
  /** The user or device group the strategy comes from. */
  sourceName: Nullable(Type.String()),
  modifiedAt: Type.Union([Type.Integer(), Type.Null()]),
  appliedAt: Type.Union([Type.Integer(), Type.Null()], { description: 'When the device echoed modifiedAt.' }),
  assigned: Type.Object({
    device: Nullable(Type.String()),
    user: Nullable(Type.String()),
    deviceGroup: Nullable(Type.String()),
  }),
});
export type DeviceStrategy = Static<typeof DeviceStrategy>;

/** One incoming connection alive on a device (heartbeat `conns` + audit connection records). */
export const LiveSession = Type.Object({
  connId: Type.Integer(),
  peerId: Type.String({ description: 'The controlling RustDesk ID.' }),
  peerName: Type.String(),
  ip: Type.String(),
  type: Type.Union([Type.Integer(), Type.Null()], { description: '0 remote control, 1 file transfer, …' }),
  since: Type.Union([Type.Integer(), Type.Null()]),
  disconnectRequestedAt: Type.Union([Type.Integer(), Type.Null()]),
});
export type LiveSession = Static<typeof LiveSession>;
export const LiveSessionList = Type.Array(LiveSession);

export const ConnParams = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100 }),
    connId: Type.Integer({ minimum: -2147483648, maximum: 2147483647 }),
  },
  { additionalProperties: false },
);
