import i18next from 'i18next';

/** An API failure with the server's sentence (`message`) and stable `code`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** A finer key under the code, when the server gives one (WEAK_PASSWORD: zxcvbn's feedback key). */
  readonly reason: string;
  constructor(status: number, code: string, message: string, reason = '') {
    super(message);
    this.status = status;
    this.code = code;
    this.reason = reason;
  }
}

let csrfToken = '';
/** The session's CSRF token, echoed on every state-changing request. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** The only caller of fetch in the console. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const err = (data ?? {}) as { error?: string; code?: string; reason?: string };
    const code = err.code ?? 'HTTP_ERROR';
    throw new ApiError(
      res.status,
      code,
      errorSentence(code, err.reason, err.error) ?? `HTTP ${res.status}`,
      err.reason,
    );
  }
  return data as T;
}

/**
 * The sentence a person reads for a failure: the code's (or code.reason's) translation in the console's
 * language; in English the server's own sentence, which names the exact field or value. Storage faults
 * every page can meet (database unreachable, disk full…) always read as the console words them.
 */
export function errorSentence(code: string, reason: string | undefined, serverText: string | undefined) {
  const key = [`errors.${code}.${reason}`, `errors.${code}`].find((k) => i18next.exists(k));
  const translated = key ? i18next.t(key) : undefined;
  const english = i18next.language.startsWith('en') && !code.startsWith('DB_') && code !== 'STORAGE_FULL';
  return english ? (serverText ?? translated) : (translated ?? serverText);
}
