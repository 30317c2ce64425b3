import type { FastifyInstance } from 'fastify';
import {
  type AuthBody,
  deserializeAuthBody,
  deserializeOidcAuthUrl,
  flutterUserPayload,
  isObject,
  parseHbbHttpResponse,
  parseJson,
} from './rustdesk-client-parsers.ts';

/*
 * An emulator of the official RustDesk client's account and OIDC calls, written from the wire spec
 * (../shared/spec/rustdesk-client-api.md), not from DeskGate's routes: requests carry exactly the paths,
 * methods, headers and JSON fields the client sends, and answers are parsed the way the client parses them
 * — including its traps (a success body it cannot parse is "still pending"; strict user object; status
 * 1/0/-1 only; is_admin boolean). Each parser names the client source it mirrors.
 */

/** One HTTP request as it leaves the client. */
export interface WireRequest {
  method: 'GET' | 'POST' | 'HEAD';
  /** Path and query, e.g. `/api/oidc/auth-query?code=…`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}
export interface WireResponse {
  status: number;
  body: string;
}
export type Transport = (request: WireRequest) => Promise<WireResponse>;

/** Sends through Fastify's inject (no listening socket); only the headers given are sent (plus host). */
export function injectTransport(app: FastifyInstance): Transport {
  return async ({ method, path, headers, body }) => {
    const res = await app.inject({
      method,
      url: path,
      headers,
      ...(body === undefined ? {} : { payload: body }),
    });
    return { status: res.statusCode, body: res.body };
  };
}

/** Sends over real HTTP to a listening server (`apiServer` as the client's "API Server" setting). */
export function fetchTransport(apiServer: string): Transport {
  const base = apiServer.replace(/\/$/, ''); // spec §1.1 step 6
  return async ({ method, path, headers, body }) => {
    const res = await fetch(`${base}${path}`, { method, headers, body, redirect: 'manual' });
    return { status: res.status, body: await res.text() };
  };
}

/** `id`, `uuid` (standard base64 with padding) and `deviceInfo` (spec §1.4). */
export interface Device {
  id: string;
  uuid: string;
  deviceInfo: { os: string; type: 'client' | 'browser'; name: string };
}

const JSON_ONLY = { 'Content-Type': 'application/json' };

// ---------------------------------------------------------------------------------------------------------

export type LoginOutcome =
  | { kind: 'access_token'; user: ReturnType<typeof flutterUserPayload> }
  | { kind: 'email_check'; secret: string; user: ReturnType<typeof flutterUserPayload>; email: string }
  | { kind: 'tfa_check'; secret: string; user: ReturnType<typeof flutterUserPayload> }
  | { kind: 'error'; message: string };

/** Result of the Rust OIDC task (`OidcSession::get_result`): state and failure text as the UI sees them. */
export interface AccountAuthResult {
  state_msg: 'Requesting account auth' | 'Waiting account auth' | 'Login account auth';
  failed_msg: string;
  url: string | undefined;
  auth_body: AuthBody | undefined;
  /** Every poll body, in order (for assertions; the client keeps none). */
  polls: WireResponse[];
}

/** The official client's account side: what it sends, what it stores, what it shows. */
export class RustDeskClient {
  /** LocalConfig `access_token`. */
  accessToken: string | undefined;
  /** LocalConfig `user_info`. */
  userInfo: Record<string, unknown> | undefined;
  /** Every request sent, for asserting on the wire shape. */
  readonly sent: WireRequest[] = [];

  readonly device: Device;
  readonly #transport: Transport;

  constructor(transport: Transport, device: Device) {
    this.#transport = transport;
    this.device = device;
  }

  private send(request: WireRequest): Promise<WireResponse> {
    this.sent.push(request);
    return this.#transport(request);
  }

  private bearer() {
    return { 'Content-Type': 'application/json', Authorization: `Bearer ${this.accessToken ?? ''}` };
  }

  private clearLocal() {
    this.accessToken = undefined;
    this.userInfo = undefined;
  }

  /** `HEAD /api/login-options`, the Rust TLS probe (spec §1.2): only transport errors matter. */
  probe(): Promise<WireResponse> {
    return this.send({ method: 'HEAD', path: '/api/login-options', headers: {} });
  }

  /**
   * `GET /api/login-options` as master's queryOidcLoginOptions reads it (spec §3.1): non-2xx, non-JSON or
   * non-string entries raise; the first `common-oidc/` entry wins alone, else the `oidc/` entries.
   */
  async loginOptions(): Promise<Array<{ name: string; icon?: string }>> {
    const res = await this.send({ method: 'GET', path: '/api/login-options', headers: JSON_ONLY });
    if (res.status < 200 || res.status > 299) throw new Error(`login-options: HTTP ${res.status}`);
    const parsed = JSON.parse(res.body) as unknown;
    if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== 'string'))
      throw new Error('login-options: not a list of strings');
    const entries = parsed as string[];
    const common = entries.find((e) => e.startsWith('common-oidc/'));
    if (common !== undefined) {
      const list = JSON.parse(common.slice('common-oidc/'.length)) as unknown;
      if (!Array.isArray(list)) throw new Error('login-options: common-oidc is not a list');
      return list.map((o: { name?: unknown; icon?: unknown }) => {
        if (typeof o?.name !== 'string') throw new Error('login-options: provider without a name');
        return typeof o.icon === 'string' ? { name: o.name, icon: o.icon } : { name: o.name };
      });
    }
    return entries.filter((e) => e.startsWith('oidc/')).map((e) => ({ name: e.slice('oidc/'.length) }));
  }

  /** Leg 1 of `POST /api/login` (spec §3.2), handled as login.dart::handleLoginResponse. */
  async login(username: string, password: string): Promise<LoginOutcome> {
    const body = {
      username,
      password,
      id: this.device.id,
      uuid: this.device.uuid,
      autoLogin: true,
      type: 'account',
      deviceInfo: this.device.deviceInfo,
    };
    return this.handleLoginResponse(
      await this.send({ method: 'POST', path: '/api/login', headers: JSON_ONLY, body: JSON.stringify(body) }),
    );
  }

  /** Leg 2 (spec §3.2): always `type: "email_code"`; `tfaCode` only for TOTP; no password. */
  async verifyCode(input: { username: string; code: string; secret: string; totp: boolean }) {
    const body = {
      username: input.username,
      id: this.device.id,
      uuid: this.device.uuid,
      autoLogin: true,
      type: 'email_code',
      verificationCode: input.code,
      ...(input.totp ? { tfaCode: input.code } : {}),
      secret: input.secret,
      deviceInfo: this.device.deviceInfo,
    };
    const outcome = await this.handleLoginResponse(
      await this.send({ method: 'POST', path: '/api/login', headers: JSON_ONLY, body: JSON.stringify(body) }),
    );
    return outcome.kind === 'access_token' || outcome.kind === 'error'
      ? outcome
      : ({ kind: 'error', message: 'Failed, bad response from server' } as const);
  }

  private handleLoginResponse(res: WireResponse): LoginOutcome {
    const parsed = parseJson(res.body);
    if (!parsed.ok) return { kind: 'error', message: `HTTP ${res.status}` };
    const v = isObject(parsed.value) ? parsed.value : {};
    if (res.status !== 200 || 'error' in v) return { kind: 'error', message: String(v.error) };
    const user = flutterUserPayload(v.user);
    if (v.type === 'access_token') {
      if (typeof v.access_token !== 'string')
        return { kind: 'error', message: 'Failed, bad response from server' };
      this.accessToken = v.access_token;
      const status = user.status === 'disabled' ? 0 : user.status === 'unverified' ? -1 : 1;
      this.userInfo = { name: user.name, display_name: user.displayName, avatar: user.avatar, status };
      return { kind: 'access_token', user };
    }
    if (v.type === 'email_check') {
      const secret = typeof v.secret === 'string' ? v.secret : '';
      if (v.tfa_type === undefined || v.tfa_type === null || v.tfa_type === 'email_check')
        return { kind: 'email_check', secret, user, email: user.email };
      if (v.tfa_type === 'tfa_check') return { kind: 'tfa_check', secret, user };
      return { kind: 'error', message: 'Failed, bad tfa type from server' };
    }
    return { kind: 'error', message: 'Failed, bad response from server' };
  }

  /**
   * `POST /api/currentUser` (spec §3.3) as user_model.dart::refreshCurrentUser: skipped without a token;
   * 401 is a full local logout, 400 clears the token, `{error}` is shown, 200 is the user at top level.
   */
  async currentUser() {
    if (!this.accessToken) return { kind: 'skipped' } as const;
    const body = JSON.stringify({ id: this.device.id, uuid: this.device.uuid });
    const res = await this.send({ method: 'POST', path: '/api/currentUser', headers: this.bearer(), body });
    const parsed = parseJson(res.body);
    const v = parsed.ok && isObject(parsed.value) ? parsed.value : undefined;
    if (res.status === 401 || res.status === 400) {
      this.clearLocal();
      return { kind: 'loggedOut', status: res.status, error: v?.error } as const;
    }
    if (v && 'error' in v) return { kind: 'error', message: String(v.error) } as const;
    if (res.status !== 200 || !v) return { kind: 'error', message: `HTTP ${res.status}` } as const;
    const user = flutterUserPayload(v);
    return { kind: 'user', user, raw: v } as const;
  }

  /** `POST /api/logout` (spec §3.4): the answer is ignored and the token dropped locally regardless. */
  async logout(): Promise<WireResponse> {
    const body = JSON.stringify({ id: this.device.id, uuid: this.device.uuid });
    const res = await this.send({ method: 'POST', path: '/api/logout', headers: this.bearer(), body });
    this.clearLocal();
    return res;
  }

  /** `POST /api/oidc/auth` (spec §4.2): `apiDomain` only as master sends it. */
  async oidcAuth(op: string, opts: { apiDomain?: string } = {}) {
    const body = {
      op,
      id: this.device.id,
      uuid: this.device.uuid,
      deviceInfo: this.device.deviceInfo,
      ...(opts.apiDomain ? { apiDomain: opts.apiDomain } : {}),
    };
    const res = await this.send({
      method: 'POST',
      path: '/api/oidc/auth',
      headers: JSON_ONLY,
      body: JSON.stringify(body),
    });
    return parseHbbHttpResponse(res.body, deserializeOidcAuthUrl);
  }

  /**
   * One `GET /api/oidc/auth-query` (spec §4.3): form-urlencoded query, NO headers at all, status ignored.
   * Returns the raw response too, for tests that look at the wire.
   */
  async oidcQuery(code: string) {
    const query = new URLSearchParams({ code, id: this.device.id, uuid: this.device.uuid });
    const res = await this.send({ method: 'GET', path: `/api/oidc/auth-query?${query}`, headers: {} });
    return { res, parsed: parseHbbHttpResponse(res.body, deserializeAuthBody) };
  }

  /**
   * The Rust `auth_task` (RD: src/hbbs_http/account.rs): auth, then poll until a valid AuthBody, a
   * terminal error, or the timeout. `openBrowser` gets the url the first time, as Flutter's launchUrl
   * does, and runs alongside the polling. Intervals are shortened in tests; the logic is the client's.
   */
  async accountAuth(
    op: string,
    opts: {
      openBrowser?: (url: string) => Promise<unknown>;
      intervalMs?: number;
      timeoutMs?: number;
      apiDomain?: string;
    } = {},
  ): Promise<AccountAuthResult> {
    const result: AccountAuthResult = {
      state_msg: 'Requesting account auth',
      failed_msg: '',
      url: undefined,
      auth_body: undefined,
      polls: [],
    };
    const auth = await this.oidcAuth(op, opts);
    if (auth.kind !== 'Data') {
      result.failed_msg =
        auth.kind === 'Error'
          ? auth.message
          : auth.kind === 'RequestError'
            ? auth.message
            : 'Invalid auth response';
      return result;
    }
    result.state_msg = 'Waiting account auth';
    result.url = auth.value.url;
    // Test affordance, not client behaviour: a browser step that failed ends the polling early.
    let browserFailed = false;
    const browser = (opts.openBrowser?.(auth.value.url) ?? Promise.resolve()).then(
      () => undefined,
      (err: unknown) => {
        browserFailed = true;
        return err;
      },
    );
    const interval = opts.intervalMs ?? 1000;
    const timeout = opts.timeoutMs ?? 180_000;
    const begin = Date.now();
    try {
      while (Date.now() - begin < timeout && !browserFailed) {
        let polled: Awaited<ReturnType<RustDeskClient['oidcQuery']>> | undefined;
        try {
          polled = await this.oidcQuery(auth.value.code);
        } catch {
          polled = undefined; // transport error: logged at trace level, keep polling
        }
        if (polled) {
          result.polls.push(polled.res);
          const { parsed } = polled;
          if (parsed.kind === 'Data') {
            // remember_me is always true from Flutter.
            if (parsed.value.type === 'access_token') {
              this.accessToken = parsed.value.access_token;
              this.userInfo = { name: parsed.value.user.name, status: parsed.value.user.status };
            }
            result.state_msg = 'Login account auth';
            result.auth_body = parsed.value;
            return result;
          }
          if (parsed.kind === 'Error' && !parsed.message.includes('No authed oidc is found')) {
            result.failed_msg = parsed.message;
            return result;
          }
        }
        await new Promise((r) => setTimeout(r, interval));
      }
      result.failed_msg = 'timeout';
      return result;
    } finally {
      const failure = await browser;
      if (failure) throw failure;
    }
  }
}
