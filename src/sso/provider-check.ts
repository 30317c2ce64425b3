import * as client from 'openid-client';
import type { ProviderTestResult } from '../shared/sso.ts';
import { classifyIdpFault, describe } from './idp-faults.ts';
import type { OutboundFetch } from './outbound.ts';
import { assertIssuerAllowed } from './providers.repo.ts';

type Check = ProviderTestResult['checks'][number];

/**
 * The Test button: discovery and the signing keys, each result a sentence an admin can act on.
 * Trust decisions are openid-client's; the extra fetches here only explain a failure in words.
 */
export async function checkProvider(
  draft: {
    issuer: string;
    clientId: string;
    allowInsecureHttp?: boolean | undefined;
  },
  fetchVia: OutboundFetch = fetch,
): Promise<ProviderTestResult> {
  const checks: Check[] = [];
  const done = () => ({ ok: checks.every((c) => c.ok), checks });
  try {
    assertIssuerAllowed(draft.issuer, draft.allowInsecureHttp ?? false);
    checks.push({ id: 'issuer-url', ok: true, message: `The issuer ${draft.issuer} is a valid address.` });
  } catch (err) {
    checks.push({ id: 'issuer-url', ok: false, message: err instanceof Error ? err.message : String(err) });
    return done();
  }
  const insecure = new URL(draft.issuer).protocol === 'http:';
  let config: client.Configuration;
  try {
    config = await client.discovery(
      new URL(draft.issuer),
      draft.clientId || 'test',
      undefined,
      client.None(),
      {
        execute: insecure ? [client.allowInsecureRequests] : [],
        timeout: 10,
        [client.customFetch]: fetchVia,
      },
    );
    checks.push({
      id: 'discovery',
      ok: true,
      message: 'The discovery document was read and its issuer matches exactly.',
    });
  } catch (err) {
    checks.push({
      id: 'discovery',
      ok: false,
      message: await explainDiscoveryFailure(draft.issuer, err, fetchVia),
    });
    return done();
  }
  const meta = config.serverMetadata();
  const missing = (['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const).filter((k) => !meta[k]);
  checks.push(
    missing.length
      ? {
          id: 'endpoints',
          ok: false,
          message: `The discovery document lacks ${missing.join(', ')}; enter them under Advanced.`,
        }
      : { id: 'endpoints', ok: true, message: 'Authorization, token and key endpoints are published.' },
  );
  if (meta.jwks_uri) checks.push(await checkKeys(meta.jwks_uri, fetchVia));
  return done();
}

async function checkKeys(jwksUri: string, fetchVia: OutboundFetch): Promise<Check> {
  try {
    const res = await fetchVia(jwksUri, { signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as { keys?: Array<{ use?: string }> };
    const signing = (body.keys ?? []).filter((k) => !k.use || k.use === 'sig').length;
    return signing > 0
      ? {
          id: 'keys',
          ok: true,
          message: `The provider publishes ${signing} signing key${signing === 1 ? '' : 's'}.`,
        }
      : {
          id: 'keys',
          ok: false,
          message: `The key set at ${jwksUri} has no signing keys; DeskGate could not verify ID tokens.`,
        };
  } catch (err) {
    return {
      id: 'keys',
      ok: false,
      message: `The key set at ${jwksUri} could not be read (${describe(err)}).`,
    };
  }
}

async function explainDiscoveryFailure(
  issuer: string,
  err: unknown,
  fetchVia: OutboundFetch,
): Promise<string> {
  const wellKnown = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  // Said as what happened: a timeout or a dead connection is not a wrong Issuer field (issue 15 §8).
  const { fault, detail } = classifyIdpFault(err);
  if (fault === 'timeout')
    return `${wellKnown} did not answer within 10 seconds. Try again; if it persists, check the provider and any proxy between DeskGate and it.`;
  if (fault === 'unreachable') {
    return `DeskGate could not reach ${wellKnown} (${detail}). Check the address, DNS and any firewall or proxy between DeskGate and the provider.`;
  }
  try {
    const res = await fetchVia(wellKnown, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok)
      return `${wellKnown} answered HTTP ${res.status}. Check the Issuer field (for Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0).`;
    const published = ((await res.json()) as { issuer?: string }).issuer;
    if (published && published !== issuer) {
      return `The issuer in the discovery document is ${published} but you entered ${issuer}. Copy it exactly, including any trailing /v2.0 or slash.`;
    }
  } catch {
    return `DeskGate could not reach ${wellKnown}. Check the address, DNS and any firewall or proxy between DeskGate and the provider.`;
  }
  return `The discovery document could not be used: ${describe(err)}.`;
}
