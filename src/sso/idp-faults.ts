import { AppError } from '../errors.ts';

/**
 * What went wrong between DeskGate and an identity provider, so the person reads what happened (issue 15 §8:
 * a timeout read "could not be verified", and "Check the Issuer field" was added to refusals and timeouts).
 * - unreachable: no connection (refused, unknown host, reset, TLS failure);
 * - timeout: connected or not, no answer in time;
 * - refused: the provider answered with an OAuth error (token endpoint `invalid_client`, `invalid_grant`…);
 * - invalid: it answered, and the answer failed validation (signature, issuer, nonce, not a discovery document).
 */
export type IdpFault = 'unreachable' | 'timeout' | 'refused' | 'invalid';

/** The sign-in error code per fault; the console and the device page translate each (en + ja). */
export const FAULT_CODES: Record<IdpFault, string> = {
  unreachable: 'SSO_IDP_UNREACHABLE',
  timeout: 'SSO_IDP_TIMEOUT',
  refused: 'SSO_IDP_ERROR',
  invalid: 'SSO_VERIFY_FAILED',
};

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const UNREACHABLE_WORDS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name was not found',
  EAI_AGAIN: 'the host name could not be looked up',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  UND_ERR_SOCKET: 'the connection was closed',
};

/** The error and its causes, outermost first. */
function chain(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = err; e && out.length < 8; e = (e as { cause?: unknown }).cause) {
    out.push(e);
    // Happy-eyeballs connects fail with an AggregateError of one error per address tried.
    if (e instanceof AggregateError) out.push(...e.errors.slice(0, 4));
  }
  return out;
}

const prop = (e: unknown, name: string) =>
  typeof e === 'object' && e !== null ? (Reflect.get(e, name) as unknown) : undefined;

/** The fault behind an openid-client / fetch error, with the detail worth showing. */
export function classifyIdpFault(err: unknown): { fault: IdpFault; detail: string } {
  if (err instanceof DiscoveryFailed) return { fault: err.fault, detail: err.message };
  const errors = chain(err);
  for (const e of errors) {
    const code = String(prop(e, 'code') ?? '');
    if (prop(e, 'name') === 'TimeoutError' || TIMEOUT_CODES.has(code))
      return { fault: 'timeout', detail: code };
    const words = UNREACHABLE_WORDS[code];
    if (words) return { fault: 'unreachable', detail: `${words}, ${code}` };
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
      return { fault: 'unreachable', detail: `its TLS certificate is not trusted, ${code}` };
    }
  }
  for (const e of errors) {
    // A 401 with `WWW-Authenticate: Basic error="invalid_client"` (client authentication refused).
    const challenges = prop(e, 'cause');
    if (prop(e, 'name') === 'WWWAuthenticateChallengeError' && Array.isArray(challenges)) {
      const params = (challenges[0] as { parameters?: Record<string, string> } | undefined)?.parameters ?? {};
      const words = [params.error || 'the request was refused', params.error_description].filter(Boolean);
      return { fault: 'refused', detail: words.join(' — ') };
    }
    const oauthError = prop(e, 'error');
    if (typeof oauthError === 'string' && oauthError) {
      const description = prop(e, 'error_description');
      return {
        fault: 'refused',
        detail: `${oauthError}${typeof description === 'string' && description ? ` — ${description.split('\n')[0]}` : ''}`,
      };
    }
  }
  // fetch() says only "fetch failed" when the connection failed for a reason without a code.
  if (errors.some((e) => e instanceof TypeError && e.message === 'fetch failed')) {
    return { fault: 'unreachable', detail: 'the connection failed' };
  }
  return { fault: 'invalid', detail: describe(err) };
}

/** Discovery of a provider failed; `fault` says how, the message says it in words for the admin. */
export class DiscoveryFailed extends AppError {
  readonly fault: IdpFault;
  constructor(fault: IdpFault, message: string) {
    super('PROVIDER_ERROR', 502, message);
    this.fault = fault;
  }
}

/** The sentence for a failed discovery: only a wrong answer (or an unknown host) points at the Issuer field. */
export function discoveryFailure(
  err: unknown,
  name: string,
  issuer: string,
  timeoutS: number,
): DiscoveryFailed {
  const { fault, detail } = classifyIdpFault(err);
  switch (fault) {
    case 'timeout':
      return new DiscoveryFailed(
        fault,
        `"${name}" did not answer DeskGate's discovery request to ${issuer} within ${timeoutS} seconds.`,
      );
    case 'unreachable':
      return new DiscoveryFailed(
        fault,
        `DeskGate could not reach "${name}" at ${issuer} (${detail}). ${
          detail.includes('ENOTFOUND')
            ? 'Check the Issuer field and DNS.'
            : detail.includes('certificate')
              ? 'If the provider uses a private CA, paste its certificate under Advanced → CA certificate.'
              : 'Check the network, firewall and proxy between DeskGate and the provider.'
        }`,
      );
    default:
      return new DiscoveryFailed(
        fault,
        `DeskGate could not read the discovery document of "${name}" at ${issuer}: ${detail}. Check the Issuer field.`,
      );
  }
}

/** An error and its cause in one line, for the person's error page and the log. */
export function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}
