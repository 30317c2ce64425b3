// The smallest relying party for the OIDC benchmark (issue 14): Fastify + openid-client doing the same
// authorization-code flow (PKCE, state, nonce) against the same OP as DeskGate, with nothing stored beyond the
// pending login in memory, no session, no database. Its CPU per login, printed beside DeskGate's, shows what
// the OIDC protocol itself costs. Args: port issuer clientId clientSecret.
import Fastify from 'fastify';
import * as client from 'openid-client';

const [port, issuer, clientId, secret] = process.argv.slice(2);
const config = await client.discovery(
  new URL(issuer),
  clientId,
  { client_secret: secret },
  client.ClientSecretBasic(secret),
  {
    execute: [client.allowInsecureRequests],
  },
);
const redirectUri = `http://127.0.0.1:${port}/callback`;
const pending = new Map();

const app = Fastify({ logger: false });
app.get('/readyz', async () => ({ ok: true }));
app.get('/login', async (_request, reply) => {
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  pending.set(state, { nonce, verifier });
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return reply.redirect(url.href);
});
app.get('/callback', async (request) => {
  const state = new URL(request.url, redirectUri).searchParams.get('state') ?? '';
  const p = pending.get(state);
  pending.delete(state);
  const tokens = await client.authorizationCodeGrant(config, new URL(request.url, redirectUri), {
    expectedState: state,
    expectedNonce: p?.nonce,
    pkceCodeVerifier: p?.verifier,
  });
  return { sub: tokens.claims()?.sub };
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
