import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

// A loopback imitation of GitHub's OAuth app endpoints and the two REST calls DeskGate makes, shaped after
// GitHub's docs ("Authorizing OAuth apps", "REST API endpoints for users / emails"): token errors come back
// with HTTP 200 and an `error` field, the API refuses requests without a User-Agent, and the authorize page
// is skipped (the user is "already signed in and has authorized the app"). GitHub itself cannot run here.

export interface FakeGithubUser {
  id: number;
  login: string;
  name: string | null;
  emails: Array<{ email: string; primary: boolean; verified: boolean; visibility: string | null }>;
}

export interface FakeGithub {
  origin: string;
  /** The override values a GitHub Enterprise admin would enter: authorize, token and user endpoints. */
  endpoints: { authorizationEndpoint: string; tokenEndpoint: string; userinfoEndpoint: string };
  /** Who is signed in at "GitHub" when the next authorize request arrives. */
  signInAs(user: FakeGithubUser): void;
  /** Requests seen, as `METHOD path` plus notable details, for assertions. */
  seen: string[];
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeGithub(app: { clientId: string; clientSecret: string }): Promise<FakeGithub> {
  let current: FakeGithubUser | undefined;
  const codes = new Map<string, { user: FakeGithubUser; challenge: string | null; redirectUri: string }>();
  const tokens = new Map<string, FakeGithubUser>();
  const seen: string[] = [];

  function authorize(url: URL, res: ServerResponse) {
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    const back = new URL(redirectUri);
    if (url.searchParams.get('client_id') !== app.clientId || !current) {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user has denied your application access.');
    } else {
      const code = randomBytes(10).toString('hex');
      codes.set(code, { user: current, challenge: url.searchParams.get('code_challenge'), redirectUri });
      back.searchParams.set('code', code);
    }
    back.searchParams.set('state', url.searchParams.get('state') ?? '');
    res.writeHead(302, { location: back.href }).end();
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    const form = new URLSearchParams(await readBody(req));
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = basic
      ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent)
      : [form.get('client_id'), form.get('client_secret')];
    if (id !== app.clientId || secret !== app.clientSecret)
      return json(res, 200, {
        error: 'incorrect_client_credentials',
        error_description: 'The client_id and/or client_secret passed are incorrect.',
      });
    const grant = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (
      !grant ||
      grant.redirectUri !== form.get('redirect_uri') ||
      (grant.challenge && grant.challenge !== challenge)
    )
      return json(res, 200, {
        error: 'bad_verification_code',
        error_description: 'The code passed is incorrect or expired.',
      });
    if (req.headers.accept !== 'application/json') {
      // Without Accept: application/json GitHub answers form-encoded; DeskGate must ask for JSON.
      res.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded' });
      return res.end('error=wrong_accept');
    }
    const accessToken = `gho_${randomBytes(16).toString('hex')}`;
    tokens.set(accessToken, grant.user);
    return json(res, 200, { access_token: accessToken, token_type: 'bearer', scope: 'read:user,user:email' });
  }

  function api(req: IncomingMessage, res: ServerResponse, path: string) {
    if (!req.headers['user-agent'])
      return json(res, 403, {
        message:
          'Request forbidden by administrative rules. Please make sure your request has a User-Agent header.',
      });
    const bearer = /^(?:Bearer|token) (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const user = tokens.get(bearer);
    if (!user) return json(res, 401, { message: 'Bad credentials' });
    if (path === '/api/v3/user') return json(res, 200, { id: user.id, login: user.login, name: user.name });
    if (path === '/api/v3/user/emails') return json(res, 200, user.emails);
    return json(res, 404, { message: 'Not Found' });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push(`${req.method} ${url.pathname}`);
    if (url.pathname === '/login/oauth/authorize') return authorize(url, res);
    if (url.pathname === '/login/oauth/access_token' && req.method === 'POST')
      return void token(req, res).catch(() => json(res, 500, {}));
    if (url.pathname.startsWith('/api/v3/')) return api(req, res, url.pathname);
    return json(res, 404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    origin,
    endpoints: {
      authorizationEndpoint: `${origin}/login/oauth/authorize`,
      tokenEndpoint: `${origin}/login/oauth/access_token`,
      userinfoEndpoint: `${origin}/api/v3/user`,
    },
    signInAs: (user) => {
      current = user;
    },
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
