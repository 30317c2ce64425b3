import { type Static, Type } from '@sinclair/typebox';

/** 1 read, 2 read/write, 3 full control: the RustDesk client's ShareRule numbers. */
export const ShareRuleLevel = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]);
export type ShareRuleLevel = Static<typeof ShareRuleLevel>;

/** Names the client reserves for its own books (spec §6.2). */
export const RESERVED_BOOK_NAMES = ['My address book', 'Legacy address book'];

export const AddressBook = Type.Object({
  id: Type.String(),
  name: Type.String(),
  note: Type.String(),
  personal: Type.Boolean(),
  ownerId: Type.String(),
  ownerName: Type.String(),
  /** The signed-in user's rule on it. */
  rule: Type.Integer(),
});
export type AddressBook = Static<typeof AddressBook>;
export const AddressBookList = Type.Array(AddressBook);

const BookName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
export const AddressBookCreate = Type.Object(
  { name: BookName, note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type AddressBookCreate = Static<typeof AddressBookCreate>;
export const AddressBookUpdate = Type.Object(
  { name: Type.Optional(BookName), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type AddressBookUpdate = Static<typeof AddressBookUpdate>;

const TagName = Type.String({ minLength: 1, maxLength: 200 });

/** A peer as the console shows it: its stored password or hash is never sent, only whether one is set. */
export const BookPeer = Type.Object({
  id: Type.String(),
  alias: Type.String(),
  tags: Type.Array(Type.String()),
  note: Type.String(),
  username: Type.String(),
  hostname: Type.String(),
  platform: Type.String(),
  hasPassword: Type.Boolean(),
  updatedAt: Type.Integer(),
});
export type BookPeer = Static<typeof BookPeer>;
export const BookPeerPage = Type.Object({
  items: Type.Array(BookPeer),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type BookPeerPage = Static<typeof BookPeerPage>;

const peerEditable = {
  alias: Type.Optional(Type.String({ maxLength: 500 })),
  tags: Type.Optional(Type.Array(TagName, { maxItems: 200 })),
  note: Type.Optional(Type.String({ maxLength: 10_000 })),
};
export const BookPeerCreate = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100, pattern: '^\\S+$' }), ...peerEditable },
  { additionalProperties: false },
);
export type BookPeerCreate = Static<typeof BookPeerCreate>;
export const BookPeerUpdate = Type.Object(peerEditable, { additionalProperties: false });
export type BookPeerUpdate = Static<typeof BookPeerUpdate>;

/** Flutter ARGB: 0xAARRGGBB as an unsigned integer. */
export const TagColor = Type.Integer({ minimum: 0, maximum: 0xffffffff });
export const BookTag = Type.Object({ name: Type.String(), color: Type.Integer() });
export type BookTag = Static<typeof BookTag>;
export const BookTagList = Type.Array(BookTag);
export const BookTagCreate = Type.Object({ name: TagName, color: TagColor }, { additionalProperties: false });
export const BookTagUpdate = Type.Object(
  { name: Type.Optional(TagName), color: Type.Optional(TagColor) },
  { additionalProperties: false },
);
export type BookTagUpdate = Static<typeof BookTagUpdate>;

export const BookShare = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('user'), Type.Literal('group')]),
  targetId: Type.String(),
  targetName: Type.String(),
  rule: ShareRuleLevel,
});
export type BookShare = Static<typeof BookShare>;
export const BookShareList = Type.Array(BookShare);
const TargetId = Type.String({ minLength: 1, maxLength: 64 });
export const BookShareCreate = Type.Union([
  Type.Object({ userId: TargetId, rule: ShareRuleLevel }, { additionalProperties: false }),
  Type.Object({ groupId: TargetId, rule: ShareRuleLevel }, { additionalProperties: false }),
]);
export type BookShareCreate = Static<typeof BookShareCreate>;
export const BookShareUpdate = Type.Object({ rule: ShareRuleLevel }, { additionalProperties: false });

/** Who a book can be shared with: every user and group, by name. */
export const ShareTargets = Type.Object({
  users: Type.Array(Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String() })),
  groups: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
});
export type ShareTargets = Static<typeof ShareTargets>;

export const BookParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export const BookPeerParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }), peerId: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export const BookTagParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }), name: TagName },
  { additionalProperties: false },
);
export const BookShareParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }), shareId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
