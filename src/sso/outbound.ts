import { rootCertificates } from 'node:tls';
import type * as Undici from 'undici';
import { metrics } from '../metrics/metrics.ts';
import { lazyRequire } from '../system/lazy-module.ts';

// undici (≈ 20 MB) is loaded by the first call to an identity provider, not at start-up (issue 14).
const loadUndici = lazyRequire<typeof Undici>('undici');

/** The outbound-proxy part of the Config, so this module needs nothing else from it. */
export interface OutboundProxy {
  readonly httpsProxy: string;
  readonly httpProxy: string;
  readonly noProxy: string;
}

/** What openid-client (`customFetch`) and jose (`[customFetch]`) both accept. */
export type OutboundFetch = (url: string, options: RequestInit) => Promise<Response>;

// One dispatcher (connection pool) per distinct proxy + CA setting, shared by every provider that uses it;
// the key is the settings themselves, so an admin changing the CA gets a new pool on the next sign-in.
const dispatchers = new Map<string, Undici.Dispatcher>();

function dispatcherFor(proxy: OutboundProxy, caCertificate: string): Undici.Dispatcher {
  const key = JSON.stringify([proxy.httpsProxy, proxy.httpProxy, proxy.noProxy, caCertificate]);
  const hit = dispatchers.get(key);
  if (hit) return hit;
  // A private CA is added to (not substituted for) the system roots: the IdP's other hosts stay reachable.
  const tls = caCertificate.trim() ? { ca: [...rootCertificates, caCertificate] } : undefined;
  // Empty strings, never undefined: undici would otherwise read process.env itself, and config.ts is the
  // one reader of the environment. `requestTls` is the TLS towards the IdP through a CONNECT tunnel.
  const { Agent, EnvHttpProxyAgent } = loadUndici();
  const dispatcher: Undici.Dispatcher =
    proxy.httpsProxy || proxy.httpProxy
      ? new EnvHttpProxyAgent({
          httpsProxy: proxy.httpsProxy,
          httpProxy: proxy.httpProxy,
          noProxy: proxy.noProxy,
          ...(tls ? { connect: tls, requestTls: tls } : {}),
        })
      : new Agent(tls ? { connect: tls } : {});
  dispatchers.set(key, dispatcher);
  return dispatcher;
}

/**
 * The fetch every call to an identity provider goes through: Node 20's global fetch ignores
 * HTTP(S)_PROXY (oidc-notes §0.12) and cannot trust a private CA per provider, undici's can.
 */
export function outboundFetch(proxy: OutboundProxy, caCertificate: string): OutboundFetch {
  const dispatcher = dispatcherFor(proxy, caCertificate);
  return async (url, options) => {
    // undici's Response is a WHATWG Response with its own type declarations; openid-client and jose
    // accept it (they check the toStringTag, not the class).
    let response: Awaited<ReturnType<typeof Undici.fetch>>;
    try {
      response = await loadUndici().fetch(url, { ...(options as object), dispatcher });
    } catch (err) {
      metrics.countCall('idp', 'failure');
      throw err;
    }
    // A 4xx can be the person's doing (a used code); a 5xx or no answer is the provider failing.
    metrics.countCall('idp', response.status >= 500 ? 'failure' : 'success');
    return response as unknown as Response;
  };
}
