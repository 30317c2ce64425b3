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
    // Server faults every page can meet (database unreachable, disk full…) are worded in the console's language.
    const translated = i18next.exists(`errors.${code}`) ? i18next.t(`errors.${code}`) : undefined;
    throw new ApiError(res.status, code, translated ?? err.error ?? `HTTP ${res.status}`, err.reason);
  }
  return data as T;
}
