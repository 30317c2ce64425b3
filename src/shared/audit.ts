import { type Static, Type } from '@sinclair/typebox';
import { Page } from './common.ts';

/**
 * The API contract of the console's Audit log: the console trail (admin changes, sign-ins) and
 * the records RustDesk clients upload (connections, file transfers, alarms).
 */

const EpochMs = Type.Integer({
  minimum: 0,
  maximum: 8_640_000_000_000_000,
  description: 'epoch milliseconds',
});
const Filter = Type.String({ maxLength: 200 });

const commonFilters = {
  from: Type.Optional(EpochMs),
  to: Type.Optional(EpochMs),
  user: Type.Optional(Filter),
  device: Type.Optional(Filter),
};
const paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
};

/** Filters of the console trail; `action` matches the action or its prefix ("user." finds user.create…). */
export const TrailFilter = Type.Object(
  { ...commonFilters, action: Type.Optional(Filter) },
  { additionalProperties: false },
);
export type TrailFilter = Static<typeof TrailFilter>;
export const TrailQuery = Type.Object(
  { ...commonFilters, action: Type.Optional(Filter), ...paging },
  { additionalProperties: false },
);
export type TrailQuery = Static<typeof TrailQuery>;

export const TrailEntry = Type.Object({
  id: Type.Integer(),
  at: EpochMs,
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.String(),
  action: Type.String(),
  target: Type.String(),
  /** JSON text. */
  detail: Type.String(),
  ip: Type.String(),
});
export type TrailEntry = Static<typeof TrailEntry>;
/** A page of the trail, with the current name of every id its entries' details mention. */
export const TrailPage = Type.Composite([
  Page(TrailEntry),
  Type.Object({ names: Type.Optional(Type.Record(Type.String(), Type.String())) }),
]);
export type TrailPage = Static<typeof TrailPage>;

export const EVENT_KINDS = ['conn', 'file', 'alarm'] as const;
export const EventKind = Type.Union([Type.Literal('conn'), Type.Literal('file'), Type.Literal('alarm')]);
export type EventKind = Static<typeof EventKind>;

/** Filters of the client events: `device` matches either side, `user` the controller's name or the note's author. */
export const EventFilter = Type.Object(
  { ...commonFilters, kind: Type.Optional(EventKind) },
  { additionalProperties: false },
);
export type EventFilter = Static<typeof EventFilter>;
export const EventQuery = Type.Object(
  { ...commonFilters, kind: Type.Optional(EventKind), ...paging },
  { additionalProperties: false },
);
export type EventQuery = Static<typeof EventQuery>;

export const ClientEvent = Type.Object({
  id: Type.Integer(),
  at: EpochMs,
  kind: EventKind,
  /** conn: new | authorized | close | note; file: send | receive; alarm: the spec's label. */
  action: Type.String(),
  deviceId: Type.String(),
  peerId: Type.String(),
  peerName: Type.String(),
  connId: Type.Union([Type.Integer(), Type.Null()]),
  sessionId: Type.String(),
  ip: Type.String(),
  /** conn: connection type (0 remote control … 4 terminal); file: 0 send, 1 receive; alarm: `typ`. */
  type: Type.Union([Type.Integer(), Type.Null()]),
  note: Type.String(),
  noteBy: Type.String(),
  /** JSON text: the fields the client sent that have no column. */
  detail: Type.String(),
});
export type ClientEvent = Static<typeof ClientEvent>;
export const EventPage = Page(ClientEvent);
export type EventPage = Static<typeof EventPage>;

export const RETENTION_DAYS_DEFAULT = 365;
export const AuditSettings = Type.Object(
  { retentionDays: Type.Integer({ minimum: 1, maximum: 36_500 }) },
  { additionalProperties: false },
);
export type AuditSettings = Static<typeof AuditSettings>;
