import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGithub, type FakeGithubUser, startFakeGithub } from '../../test/github-fake.ts';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { lastLoginFailure } from '../../test/sso-login.ts';

// GitHub sign-in (OAuth 2.0 + REST API) against a loopback imitation of GitHub, configured the way a
// GitHub Enterprise admin would: through the endpoint override fields.

const ORIGIN = 'http://127.0.0.1:21114';
const OCTO: FakeGithubUser = {
  id: 583231,
  login: 'octocat',
  name: 'The Octocat',
  emails: [
    { email: 'octo@unverified.example', primary: false, verified: false, visibility: null },
    { email: 'octocat@github.example', primary: true, verified: true, visibility: 'public' },
  ],
};

let github: FakeGithub;
beforeAll(async () => {
  github = await startFakeGithub({ clientId: 'Iv1.deskgate', clientSecret: 'gh-secret' });
});
afterAll(async () => github?.close());

describe.each(dialects())('GitHub sign-in on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let providerId: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect, { publicUrl: ORIGIN });
    admin = await signIn(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers: admin.headers,
      payload: {
        name: 'github',
        type: 'github',
        clientId: 'Iv1.deskgate',
        clientSecret: 'gh-secret',
        issuer: '',
        ...github.endpoints,
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ issuer: 'https://github.com', type: 'github' });
    providerId = res.json().id;
  });
  afterAll(async () => t.close());

  async function signInWithGithub() {
    const start = await t.app.inject({ method: 'GET', url: '/api/oidc/login/github?returnTo=/users' });
    const authorize = new URL(String(start.headers.location));
    const binding = start.cookies.find((c) => c.name === 'deskgate_oidc')?.value;
    const back = await fetch(authorize, { redirect: 'manual' });
    const callback = new URL(String(back.headers.get('location')));
    const res = await t.app.inject({
      method: 'GET',
      url: `${callback.pathname}${callback.search}`,
      headers: { cookie: `deskgate_oidc=${binding}` },
    });
    return {
      authorize,
      location: decodeURIComponent(String(res.headers.location)),
      session: res.cookies.find((c) => c.name === 'deskgate_session')?.value,
    };
  }
  const identities = () => t.db.kysely.selectFrom('identities').selectAll().execute();

  it('signs in with the numeric id as identity and the primary verified email', async () => {
    github.signInAs(OCTO);
    const { authorize, location, session } = await signInWithGithub();
    expect(authorize.searchParams.get('scope')).toBe('read:user user:email');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.has('nonce')).toBe(false);
    expect(location).toBe('/users');
    expect(session).toBeDefined();
    const user = await t.db.kysely
      .selectFrom('users')
      .selectAll()
      .where('username_key', '=', 'octocat')
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ email: 'octocat@github.example', display_name: 'The Octocat' });
    expect(await identities()).toMatchObject([
      { issuer: 'https://github.com', subject: '583231', user_id: user.id },
    ]);
  });

  it('finds the same account after the person renames their GitHub login (id, not login, is the key)', async () => {
    github.signInAs({ ...OCTO, login: 'octo-renamed' });
    const { session } = await signInWithGithub();
    expect(session).toBeDefined();
    expect(await identities()).toHaveLength(1);
    expect(
      await t.db.kysely.selectFrom('users').select('id').where('username_key', '=', 'octo-renamed').execute(),
    ).toHaveLength(0);
  });

  it('never takes an unverified address as the email', async () => {
    github.signInAs({
      id: 9001,
      login: 'nova',
      name: null,
      emails: [{ email: 'victim@contoso.example', primary: true, verified: false, visibility: null }],
    });
    const { session } = await signInWithGithub();
    expect(session).toBeDefined();
    const nova = await t.db.kysely
      .selectFrom('users')
      .selectAll()
      .where('username_key', '=', 'nova')
      .executeTakeFirstOrThrow();
    expect(nova).toMatchObject({ email: '', display_name: 'nova' });
  });

  it('shows GitHub’s own error (sent with HTTP 200) when the client secret is wrong', async () => {
    const patch = (clientSecret: string) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/console/sso/providers/${providerId}`,
        headers: admin.headers,
        payload: { clientSecret },
      });
    await patch('wrong-secret');
    try {
      github.signInAs(OCTO);
      const { location, session } = await signInWithGithub();
      expect(session).toBeUndefined();
      expect(location).toBe('/login?code=SSO_VERIFY_FAILED');
      expect(await lastLoginFailure(t.app)).toMatch(/GitHub refused the code: incorrect_client_credentials/);
    } finally {
      await patch('gh-secret');
    }
  });

  it('refuses plain-http GitHub endpoints that are not loopback', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/console/sso/providers/${providerId}`,
      headers: admin.headers,
      payload: { tokenEndpoint: 'http://ghe.example.com/login/oauth/access_token' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/https/);
  });
});
