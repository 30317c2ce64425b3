import { type Static, type TSchema, Type } from '@sinclair/typebox';

/** The JSON body of every failure. */
export const ErrorResponse = Type.Object(
  { error: Type.String(), code: Type.String(), reason: Type.Optional(Type.String()) },
  { $id: 'ErrorResponse', description: 'A sentence a person can act on, and a stable code.' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

export const Id = Type.String({ minLength: 1, maxLength: 64 });

export const PageQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
    search: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

/** A page of a server-side paginated list. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
export interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const Ok = Type.Object({ ok: Type.Literal(true) });

/** `/:id` path parameters of the console API. */
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

/** The failures an admin-only console route can answer, each with the error body. */
export const ADMIN_ROUTE_ERRORS = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
