import { Type } from '@sinclair/typebox';

// Request and response schemas of /scim/v2. SCIM resources are open-ended (RFC 7643 §3: extensions, and
// attributes DeskGate keeps but does not interpret), so bodies allow more properties than they name.

const Open = { additionalProperties: true } as const;

export const Resource = Type.Object({}, Open);

export const ListResponse = Type.Object({
  schemas: Type.Array(Type.String()),
  totalResults: Type.Integer(),
  startIndex: Type.Integer(),
  itemsPerPage: Type.Integer(),
  Resources: Type.Array(Resource),
});

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

export const ListQuery = Type.Object({
  filter: Type.Optional(Type.String({ maxLength: 2000 })),
  startIndex: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  count: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  attributes: Type.Optional(Type.String({ maxLength: 2000 })),
  excludedAttributes: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const ProjectionQuery = Type.Pick(ListQuery, ['attributes', 'excludedAttributes']);

/** RFC 7643 §4.1; `active` is a boolean, or Entra's "True"/"False" strings (see user-resource.ts). */
export const UserBody = Type.Object(
  {
    userName: Type.Optional(Type.String({ maxLength: 500 })),
    externalId: Type.Optional(Type.String({ maxLength: 500 })),
    active: Type.Optional(Type.Union([Type.Boolean(), Type.String({ maxLength: 10 })])),
    displayName: Type.Optional(Type.String({ maxLength: 500 })),
  },
  Open,
);

export const GroupBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ maxLength: 500 })),
    externalId: Type.Optional(Type.String({ maxLength: 500 })),
    members: Type.Optional(
      Type.Array(Type.Object({ value: Type.String({ maxLength: 200 }) }, Open), { maxItems: 10_000 }),
    ),
  },
  Open,
);

/** RFC 7644 §3.5.2: a PatchOp message. */
export const PatchBody = Type.Object(
  {
    schemas: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 10 }),
    Operations: Type.Array(
      Type.Object(
        {
          op: Type.String({ maxLength: 20 }),
          path: Type.Optional(Type.String({ maxLength: 1000 })),
          value: Type.Optional(Type.Unknown()),
        },
        Open,
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  Open,
);
