import type { FastifyInstance } from 'fastify';
import type { AuthorizationResult, TestOp } from './op/index.ts';

/** What a console SSO attempt ended with, as the browser would see it. */
export interface SsoAttempt {
  statusCode: number;
  location: string;
  session: string | undefined;
  body: string;
  /** For a failure (a redirect to /login?code=…): its specifics, as admins read them in the audit trail. */
  failure: string;
}

type Injected = Awaited<ReturnType<FastifyInstance['inject']>>;

/**
 * The specifics of the latest failed browser sign-in, from the audit trail: the /login URL carries
 * only a code (test/security/login-error-injection.test.ts), the words are for the log and admins.
 */
export async function lastLoginFailure(app: FastifyInstance): Promise<string> {
  return Object.values(await lastLoginFailureDetail(app)).join(' ');
}

/** The detail of the newest `sso.login.failure` audit entry (empty when there is none). */
export async function lastLoginFailureDetail(app: FastifyInstance): Promise<Record<string, unknown>> {
  const row = await app.db.kysely
    .selectFrom('audit_log')
    .select('detail')
    .where('action', '=', 'sso.login.failure')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? (JSON.parse(row.detail) as Record<string, unknown>) : {};
}

const toAttempt = async (app: FastifyInstance, res: Injected): Promise<SsoAttempt> => {
  const location = decodeURIComponent(String(res.headers.location ?? ''));
  return {
    statusCode: res.statusCode,
    location,
    session: res.cookies.find((c) => c.name === 'deskgate_session')?.value,
    body: res.body,
    failure: location.startsWith('/login?code=') ? await lastLoginFailure(app) : '',
  };
};

/** Delivers the OP's answer to the callback as the browser would: a GET, or form_post's urlencoded POST. */
export async function deliverCallback(
  app: FastifyInstance,
  back: AuthorizationResult,
  binding: string | undefined,
): Promise<SsoAttempt> {
  const url = new URL(back.url);
  const cookie = binding === undefined ? {} : { cookie: `deskgate_oidc=${binding}` };
  const res =
    back.method === 'GET'
      ? await app.inject({ method: 'GET', url: `${url.pathname}${url.search}`, headers: cookie })
      : await app.inject({
          method: 'POST',
          url: url.pathname,
          headers: { ...cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams(back.form).toString(),
        });
  return toAttempt(app, res);
}

/** Starts a console sign-in with provider `name` and logs `username` in at the OP. */
export async function startAndLogin(app: FastifyInstance, op: TestOp, name: string, username: string) {
  const start = await app.inject({ method: 'GET', url: `/api/oidc/login/${name}?returnTo=/users` });
  const binding = start.cookies.find((c) => c.name === 'deskgate_oidc')?.value;
  if (start.statusCode !== 302 || !binding)
    return { failed: await toAttempt(app, start), back: undefined, binding: undefined };
  const back = await op.loginAs(String(start.headers.location), username);
  return { failed: undefined, back, binding };
}

/** The whole console sign-in through the real OP; replay() delivers the same answer again. */
export async function ssoSignIn(app: FastifyInstance, op: TestOp, name: string, username: string) {
  const { failed, back, binding } = await startAndLogin(app, op, name, username);
  if (failed || !back) return { res: failed as SsoAttempt, replay: async () => failed as SsoAttempt };
  return {
    res: await deliverCallback(app, back, binding),
    replay: () => deliverCallback(app, back, binding),
  };
}
