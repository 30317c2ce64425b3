import { type Grant, interactionPolicy, type KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { TenantStore } from './adapter.ts';
import { escapeHtml, renderLogoutPage, renderPage } from './pages.ts';
import { claimsOf, type OpState } from './state.ts';
import { installTampering } from './tamper.ts';
import { LOGIN_TICKET_PARAM } from './types.ts';

/** Entra's v2 issuer shape: `https://login.microsoftonline.com/<tenant>/v2.0`, on the test origin. */
export function tenantIssuer(origin: string, tenantId: string): string {
  return `${origin}/${tenantId}/v2.0`;
}

/** The login page lives beside the tenant's endpoints but is served by us, not by oidc-provider. */
export function tenantLoginPath(tenantId: string, uid: string): string {
  return `/${tenantId}/v2.0/login/${uid}`;
}

/**
 * Consent is never asked, like an Entra app whose permissions an admin granted: every requested OIDC scope
 * and claim is added to the (new or existing) grant.
 */
async function grantEverythingRequested(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { client, session, provider, result } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  const grant =
    (grantId ? await provider.Grant.find(grantId) : undefined) ??
    new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
  grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
  await grant.save();
  return grant;
}

/**
 * oidc-provider's login and consent prompts, shaped like Entra: `prompt=select_account` exists (it shows the
 * login page), and native (loopback) clients get silent SSO like web ones instead of a consent each time.
 */
function entraPrompts(): interactionPolicy.DefaultPolicy {
  const policy = interactionPolicy.base();
  policy.get('consent')?.checks.remove('native_client_prompt');
  policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }));
  return policy;
}

/** One tenant: a full oidc-provider instance with Entra-shaped claims, mounted at `/<tenantId>/v2.0`. */
export function createTenantProvider(tenantId: string, state: OpState, store: TenantStore): Provider {
  const provider = new Provider(tenantIssuer(state.origin, tenantId), {
    adapter: store.adapterFactory,
    jwks: { keys: state.keys.all.map((key) => key.privateJwk) },
    cookies: { keys: [state.cookieSecret] },
    claims: {
      openid: ['sub', 'tid', 'oid', 'ver', 'groups', 'roles'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified', 'xms_edov'],
    },
    // Entra puts the scope-requested claims in the ID token even in code flow (notes §3.5).
    conformIdTokenClaims: false,
    extraParams: [LOGIN_TICKET_PARAM],
    // oidc-provider's outgoing requests (back-channel logout) refuse special-use addresses such as 127.0.0.1
    // with its own dispatcher; the test RPs listen exactly there, so the OP's fetch goes without it.
    fetch: (url, options) => {
      const { dispatcher: _ssrfGuard, ...rest } = (options ?? {}) as RequestInit & { dispatcher?: unknown };
      return fetch(url, rest);
    },
    features: {
      devInteractions: { enabled: false },
      // Back-Channel Logout 1.0 (issue 12): ending the OP session POSTs a logout token to the client's
      // backchannel_logout_uri; with backchannel_logout_session_required, ID tokens carry `sid`.
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = renderLogoutPage(form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = renderPage('You signed out of your account', '<p>You can close this window.</p>');
        },
      },
    },
    findAccount: (_ctx, sub) => {
      const user = state.users.get(tenantId)?.get(sub);
      return user && { accountId: sub, claims: () => ({ sub, ...claimsOf(user) }) };
    },
    interactions: {
      policy: entraPrompts(),
      url: (_ctx, interaction) => tenantLoginPath(tenantId, interaction.uid),
    },
    loadExistingGrant: grantEverythingRequested,
    renderError: (ctx, out) => {
      ctx.type = 'html';
      const lines = Object.entries(out).map(([k, v]) => `<p>${escapeHtml(k)}: ${escapeHtml(String(v))}</p>`);
      ctx.body = renderPage('Sorry, but we are having trouble signing you in', lines.join('\n'));
    },
    // Numbers rather than oidc-provider's default functions, which print "you should change this" notices.
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 86_400,
      Grant: 86_400,
    },
  });

  // A login routed here from `/organizations` answers without RFC 9207 `iss`, as Entra does: openid-client
  // would compare it with the `{tenantid}` template and fail (notes §2.8, E3).
  provider.on('authorization.success', (ctx, response) => {
    if (response && ctx.oidc.params?.[LOGIN_TICKET_PARAM]) delete response.iss;
  });
  // Shown with TEST_OP_VERBOSE=1: why a back-channel logout POST did not reach the RP.
  provider.on('backchannel.error', (_ctx, err, client) => {
    console.error(`back-channel logout to ${client.clientId} failed:`, err, err.cause);
  });
  allowHttpImplicitRedirects(provider);
  installTampering(provider, state);
  return provider;
}

/**
 * oidc-provider refuses http and localhost redirect URIs for *web* clients using implicit or hybrid flows;
 * a test RP on plain http needs them. This follows the documented "implicit_http_localhost" recipe (notes
 * §3.4): ignore just those two checks. `Client.Schema` is not in the type definitions, hence the Reflect.
 */
function allowHttpImplicitRedirects(provider: Provider): void {
  const schema: unknown = Reflect.get(provider.Client, 'Schema');
  const prototype: unknown = typeof schema === 'function' ? schema.prototype : undefined;
  const invalidate: unknown = prototype && Reflect.get(prototype, 'invalidate');
  if (!prototype || typeof invalidate !== 'function')
    throw new Error('oidc-provider changed: no Client.Schema');
  Reflect.set(
    prototype,
    'invalidate',
    function invalidateUnlessHttpImplicit(this: unknown, message: string, code?: string) {
      if (code === 'implicit-force-https' || code === 'implicit-forbid-localhost') return;
      return invalidate.call(this, message, code);
    },
  );
}
