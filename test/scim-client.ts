import type { FastifyInstance } from 'fastify';

/** A SCIM client as an IdP's provisioning service is one: bearer secret, application/scim+json. */
export function scimClient(app: FastifyInstance, token: string) {
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
    app.inject({
      method,
      url: `/scim/v2${url}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  return {
    get: (url: string) => send('GET', url),
    post: (url: string, body: unknown) => send('POST', url, body),
    put: (url: string, body: unknown) => send('PUT', url, body),
    delete: (url: string) => send('DELETE', url),
    /** A PatchOp message (RFC 7644 §3.5.2) with these operations. */
    patch: (url: string, ...Operations: unknown[]) =>
      send('PATCH', url, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations }),
  };
}

export type ScimClient = ReturnType<typeof scimClient>;

/** `filter=<expression>` as a query string. */
export const filter = (expression: string) => `filter=${encodeURIComponent(expression)}`;
