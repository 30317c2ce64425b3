import type { AuthorizationResult } from './types.ts';

// A minimal browser stand-in for logins without Chromium (notes §3.6): follows redirects with a cookie jar,
// fills the test OP's forms, and stops at the first request that leaves the OP's origin — the response to
// the RP, as a redirect (query or fragment) or as form_post's auto-submitted form.

const MAX_STEPS = 20;

interface Cookie {
  name: string;
  value: string;
  path: string;
}

/** Just enough of RFC 6265 for one host: name, value, path and deletion by expiry. */
class CookieJar {
  readonly #cookies = new Map<string, Cookie>();

  store(requestUrl: URL, headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const cookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), path: '/' };
      cookie.path = requestUrl.pathname.replace(/\/[^/]*$/, '') || '/';
      let expired = false;
      for (const attribute of attributes) {
        const [key = '', value = ''] = attribute.split('=').map((s) => s.trim());
        if (key.toLowerCase() === 'path') cookie.path = value;
        if (key.toLowerCase() === 'max-age' && Number(value) <= 0) expired = true;
        if (key.toLowerCase() === 'expires' && Date.parse(value) <= Date.now()) expired = true;
      }
      const id = `${cookie.name};${cookie.path}`;
      if (expired) this.#cookies.delete(id);
      else this.#cookies.set(id, cookie);
    }
  }

  header(url: URL): string {
    const matches = [...this.#cookies.values()].filter(
      ({ path }) => url.pathname === path || url.pathname.startsWith(path.endsWith('/') ? path : `${path}/`),
    );
    return matches.map(({ name, value }) => `${name}=${value}`).join('; ');
  }
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, code: string) => {
    if (code.startsWith('#x') || code.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
    return named[code.toLowerCase()] ?? entity;
  });
}

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [, name = '', value = ''] of tag.matchAll(/([\w.:-]+)="([^"]*)"/g))
    found[name] = decodeEntities(value);
  return found;
}

/** The first POST form of a page, with its hidden inputs and whether it has a username field. */
export function parseForm(html: string, base: URL) {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const attrs = attributes(form[1] ?? '');
  const fields: Record<string, string> = {};
  let hasLogin = false;
  for (const [, input = ''] of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
    const { type, name, value } = attributes(input);
    if (name === 'login') hasLogin = true;
    else if (type === 'hidden' && name) fields[name] = value ?? '';
  }
  return { id: attrs.id, action: new URL(attrs.action ?? '', base).href, fields, hasLogin };
}

function pageText(html: string): string {
  return decodeEntities(html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, '').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The next request to make, or `{ done }` when the page itself is where the flow ends. */
type Next = AuthorizationResult | { done: AuthorizationResult };

/** What to do on an HTML page of the OP: the next form to submit; throws if the page is a dead end. */
export type PageHandler = (page: { url: URL; html: string; status: number }) => Next;

/** Submits a form as a browser would (urlencoded POST). */
function submit(url: string, form: Record<string, string>): AuthorizationResult {
  return { method: 'POST', url, form };
}

/**
 * A browser stand-in with its own cookie jar. One instance keeps the OP session between calls, as a real
 * browser would: a second login then skips the login page, and a logout meets the "Sign out" page.
 */
export class TestBrowser {
  readonly #jar = new CookieJar();
  readonly #opOrigin: string;

  constructor(opOrigin: string) {
    this.#opOrigin = opOrigin;
  }

  /** Browses from `start` until a request leaves the OP's origin, submitting forms as `onPage` says. */
  async browse(start: string, onPage: PageHandler): Promise<AuthorizationResult> {
    let request: AuthorizationResult = { method: 'GET', url: start };
    for (let step = 0; step < MAX_STEPS; step++) {
      const url: URL = new URL(request.url);
      if (url.origin !== this.#opOrigin) return request;
      const headers = new Headers();
      const cookie = this.#jar.header(url);
      if (cookie) headers.set('cookie', cookie);
      const body = request.method === 'POST' ? new URLSearchParams(request.form) : undefined;
      const response = await fetch(url, { method: request.method, headers, body, redirect: 'manual' });
      this.#jar.store(url, response.headers);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        request = { method: 'GET', url: new URL(location, url).href };
        continue;
      }
      const next = onPage({ url, html: await response.text(), status: response.status });
      if ('done' in next) return next.done;
      request = next;
    }
    throw new Error(`test OP user agent: more than ${MAX_STEPS} steps from ${start}`);
  }

  /**
   * Follows an authorization URL, signing `username` in if the OP asks, and returns the response meant for
   * the RP. The username is not used when the browser already has a session.
   */
  loginAs(authorizationUrl: string | URL, username: string): Promise<AuthorizationResult> {
    return this.browse(String(authorizationUrl), ({ url, html, status }) => {
      const form = parseForm(html, url);
      const alert = /<p role="alert">([\s\S]*?)<\/p>/.exec(html);
      if (form?.hasLogin && !alert) return submit(form.action, { ...form.fields, login: username });
      // form_post: the auto-submitted form goes to the RP, off the OP's origin, which ends the browsing.
      if (form && new URL(form.action).origin !== this.#opOrigin) return submit(form.action, form.fields);
      const reason = alert ? decodeEntities(alert[1] ?? '') : pageText(html).slice(0, 300);
      throw new Error(
        `test OP: login as "${username}" stopped at ${url.pathname} (HTTP ${status}): ${reason}`,
      );
    });
  }

  /**
   * Follows an RP-initiated logout URL and returns where the OP sends the browser: the post-logout redirect,
   * or the OP's own "signed out" page. With a session the OP asks first, and "Sign out" is chosen.
   */
  endSession(endSessionUrl: string | URL): Promise<AuthorizationResult> {
    return this.browse(String(endSessionUrl), ({ url, html, status }) => {
      const form = parseForm(html, url);
      if (form?.id === 'op.logoutForm') return submit(form.action, { ...form.fields, logout: 'yes' });
      // Without a session oidc-provider skips the question and auto-submits the confirmation itself.
      if (form) return submit(form.action, form.fields);
      if (status === 200) return { done: { method: 'GET', url: url.href } };
      throw new Error(
        `test OP: logout stopped at ${url.pathname} (HTTP ${status}): ${pageText(html).slice(0, 300)}`,
      );
    });
  }
}
