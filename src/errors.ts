import type { FastifyError, FastifyInstance } from 'fastify';
import { classifyDbError } from './db/faults.ts';

/** Stable codes the console switches on; the message is the sentence a person reads. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'BODY_TOO_DEEP',
  'DEVICE_NOT_REGISTERED',
  'AUDIT_RATE_LIMITED',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_AUTHENTICATED',
  'FORBIDDEN',
  'CSRF_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_CREDENTIALS',
  'TOO_MANY_ATTEMPTS',
  'USER_DISABLED',
  'PASSWORD_LOGIN_DISABLED',
  'WEAK_PASSWORD',
  'INVALID_CODE',
  'CHALLENGE_EXPIRED',
  'PROVIDER_ERROR',
  'DB_UNAVAILABLE',
  'STORAGE_FULL',
  'DB_READ_ONLY',
  'DB_FILE_MISSING',
  'SSO_ORIGIN_MISSING',
  'SSO_ORIGIN_MISMATCH',
  'ENTRA_ANY_TENANT_UNACKNOWLEDGED',
  'LOGOUT_TOKEN_INVALID',
  'LDAP_UNAVAILABLE',
  'LDAP_NOT_LINKED',
  'EMAIL_NOT_CONFIGURED',
  'EMAIL_FAILED',
  'LINK_EXPIRED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one error type: code + HTTP status + a sentence a person can act on. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly headers: Record<string, string>;
  /** A finer key under the code, for the console to translate (e.g. WEAK_PASSWORD's zxcvbn warning). */
  readonly reason: string | undefined;
  constructor(
    code: ErrorCode,
    status: number,
    message: string,
    headers: Record<string, string> = {},
    reason?: string,
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.headers = headers;
    this.reason = reason || undefined;
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', 404, `${what} was not found.`);
export const conflict = (message: string) => new AppError('CONFLICT', 409, message);
export const badRequest = (message: string) => new AppError('BAD_REQUEST', 400, message);
export const forbidden = (message = 'You do not have permission to do that.') =>
  new AppError('FORBIDDEN', 403, message);

/** JSON body of every failure; `code` is for programs, `error` for people (and the RustDesk client). */
export interface ErrorBody {
  error: string;
  code: ErrorCode;
  reason?: string;
}

/** Maps library errors (Fastify validation, body parser, …) onto AppError at the boundary. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as Partial<FastifyError> & { validation?: unknown[]; validationContext?: string };
  if (e.validation) {
    return new AppError('VALIDATION_FAILED', 400, describeValidation(e));
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 413, 'The request body is larger than the 1 MiB limit.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Send the request body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('BAD_REQUEST', 400, 'The request body is empty; send a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('BAD_REQUEST', 400, 'The request body is not valid JSON.');
  }
  // PostgreSQL refuses NUL characters in text (SQLSTATE 22021 / 22P05); that is bad input, not a fault.
  if (e.code === '22021' || e.code === '22P05') {
    return new AppError('BAD_REQUEST', 400, 'The request contains a NUL character (\\u0000); remove it.');
  }
  // The storage is unreachable, full, read-only or gone: a 503 to retry later, not a bug (issue 15).
  const fault = classifyDbError(err);
  if (fault) {
    return new AppError(fault.code, 503, fault.message, { 'retry-after': String(fault.retryAfter) });
  }
  if (e instanceof SyntaxError || e.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
    return new AppError('BAD_REQUEST', 400, 'The request body is not valid JSON.');
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError('BAD_REQUEST', e.statusCode, e.message ?? 'The request could not be understood.');
  }
  return new AppError('INTERNAL', 500, 'Something went wrong on the server. It has been logged; try again.');
}

function describeValidation(e: { validation?: unknown[]; validationContext?: string }): string {
  const first = (e.validation?.[0] ?? {}) as {
    instancePath?: string;
    message?: string;
    keyword?: string;
    params?: Record<string, unknown>;
  };
  const where = e.validationContext ?? 'request';
  const field = first.instancePath ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
  if (first.keyword === 'additionalProperties' && typeof first.params?.additionalProperty === 'string') {
    return `Unknown field "${first.params.additionalProperty}" in the ${where}; remove it.`;
  }
  if (first.keyword === 'required' && typeof first.params?.missingProperty === 'string') {
    return `The ${where} is missing the required field "${first.params.missingProperty}".`;
  }
  return field
    ? `The field "${field}" in the ${where} ${first.message ?? 'is invalid'}.`
    : `The ${where} ${first.message ?? 'is invalid'}.`;
}

/**
 * Root error and not-found handlers: JSON for people, never a stack trace, 5xx details only in the log.
 * A storage fault is logged once per outage by the database's tracker, which counts the requests it failed.
 */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const appError = toAppError(err);
    if (appError.status === 503 && classifyDbError(err)) app.db.outage.requestFailed(err);
    else if (appError.status >= 500) request.log.error({ err }, 'unhandled error');
    else request.log.info({ code: appError.code, msg: appError.message }, 'request refused');
    void reply
      .status(appError.status)
      .headers(appError.headers)
      .send({
        error: appError.message,
        code: appError.code,
        ...(appError.reason ? { reason: appError.reason } : {}),
      } satisfies ErrorBody);
  });
}
