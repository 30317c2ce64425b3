import * as client from 'openid-client';
import type { AuthorizationResult, TestOp } from './index.ts';
import type { TestBrowser } from './user-agent.ts';

// A bare openid-client v6 relying party (notes §2.2–2.4), used to prove the test OP in op.test.ts.

export type Flow = 'code' | 'hybrid' | 'implicit';

export interface RpClient {
  clientId: string;
  secret: string;
  redirectUri: string;
}

export interface DiscoverOptions {
  flow?: Flow;
  fetch?: client.CustomFetch;
  /** Token endpoint authentication; Basic by default, as rp-token_endpoint-client_secret_basic wants. */
  auth?: 'client_secret_basic' | 'client_secret_post';
}

export interface LoginOptions {
  config: client.Configuration;
  flow?: Flow;
  username?: string;
  pkce?: boolean;
  responseMode?: 'form_post';
  browser?: Pick<TestBrowser, 'loginAs'>;
}

/** What the RP's callback receives: a URL for query/fragment, a urlencoded POST for form_post. */
export function callbackInput(result: AuthorizationResult): URL | Request {
  if (result.method === 'GET') return new URL(result.url);
  return new Request(result.url, { method: 'POST', body: new URLSearchParams(result.form) });
}

/** An RP for one registered client of the test OP. */
export function createRp(op: TestOp, rp: RpClient) {
  /** A fresh Configuration (hence a fresh JWKS cache, notes §2.5), with RS256 pinned as the RP should. */
  function discover(issuer: string, { flow = 'code', fetch, auth }: DiscoverOptions = {}) {
    const execute = [client.allowInsecureRequests, client.enableNonRepudiationChecks];
    if (flow === 'hybrid') execute.push(client.useCodeIdTokenResponseType);
    if (flow === 'implicit') execute.push(client.useIdTokenResponseType);
    const metadata = { client_secret: rp.secret, id_token_signed_response_alg: 'RS256' };
    const clientAuth =
      auth === 'client_secret_post'
        ? client.ClientSecretPost(rp.secret)
        : client.ClientSecretBasic(rp.secret);
    return client.discovery(new URL(issuer), rp.clientId, metadata, clientAuth, {
      execute,
      ...(fetch && { [client.customFetch]: fetch }),
    });
  }

  /** A whole RP login: authorization URL → test OP login → callback processing by openid-client. */
  async function login(options: LoginOptions) {
    const { config, flow = 'code', username = 'alice', pkce = true, responseMode, browser = op } = options;
    const nonce = client.randomNonce();
    const state = client.randomState();
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: rp.redirectUri,
      scope: 'openid profile email',
      nonce,
      state,
      ...(pkce && {
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      }),
      ...(responseMode && { response_mode: responseMode }),
    });
    const result = await browser.loginAs(url, username);
    if (flow === 'implicit') {
      const input = callbackInput(result);
      const claims = await client.implicitAuthentication(config, input, nonce, { expectedState: state });
      return { result, claims, tokens: undefined };
    }
    const checks = {
      expectedNonce: nonce,
      expectedState: state,
      ...(pkce && { pkceCodeVerifier: verifier }),
    };
    const tokens = await client.authorizationCodeGrant(config, callbackInput(result), checks);
    const claims = tokens.claims();
    if (!claims) throw new Error('no ID token');
    return { result, claims, tokens };
  }

  return { discover, login };
}
