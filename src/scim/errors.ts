import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, toAppError } from '../errors.ts';

/** RFC 7644 §3.12: the error response's schema. */
const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** RFC 7644 Table 9 `scimType` values DeskGate uses. */
type ScimType =
  | 'invalidFilter'
  | 'invalidPath'
  | 'invalidValue'
  | 'invalidSyntax'
  | 'uniqueness'
  | 'noTarget';

/** A SCIM failure: an HTTP status, the RFC 7644 `scimType` when one applies, and a sentence (`detail`). */
export class ScimError extends Error {
  readonly status: number;
  readonly scimType: ScimType | undefined;
  constructor(status: number, detail: string, scimType?: ScimType) {
    super(detail);
    this.status = status;
    this.scimType = scimType;
  }
}

export const scimNotFound = (what: string, id: string) =>
  new ScimError(404, `${what} ${id} does not exist at this provider's SCIM endpoint.`);

/** The SCIM scope's error handler: every failure in RFC 7644 §3.12 form, 5xx details kept in the log. */
export function sendScimError(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  let status: number;
  let detail: string;
  let scimType: ScimType | undefined;
  if (err instanceof ScimError) {
    ({ status, scimType } = err);
    detail = err.message;
  } else {
    const app: AppError = toAppError(err);
    status = app.status;
    detail = status >= 500 ? 'DeskGate could not complete this request; try again later.' : app.message;
    if (app.code === 'VALIDATION_FAILED' || app.code === 'BAD_REQUEST') scimType = 'invalidSyntax';
    for (const [name, value] of Object.entries(app.headers)) void reply.header(name, value);
  }
  if (status >= 500) request.log.error({ err }, 'SCIM request failed');
  // RFC 6750 §3: a refused bearer credential says which scheme to use.
  if (status === 401) void reply.header('www-authenticate', 'Bearer realm="DeskGate SCIM"');
  return reply
    .code(status)
    .type(SCIM_CONTENT_TYPE)
    .send({
      schemas: [SCIM_ERROR_SCHEMA],
      status: String(status),
      ...(scimType ? { scimType } : {}),
      detail,
    });
}
