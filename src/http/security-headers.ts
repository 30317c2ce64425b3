import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { isSecureRequest } from './origin.ts';

// The headers every answer carries (issue 9 §6), worked out by helmet once at start-up and set in an
// onRequest hook with res.setHeader, so a page that needs a stricter policy of its own — the form_post
// re-post page (sso/form-post.ts, a script nonce) and the RustDesk device login page — sets it with
// reply.header and wins: Node gives the headers passed at writeHead precedence over those set before.
// Why not @fastify/helmet: it runs helmet's dozen middlewares and rebuilds the CSP string on every request,
// which halved the heartbeat's throughput (`npm run bench -- --only heartbeat`: 83 % of bare Fastify before
// it, 41 % with it); our policy has no per-request part (no nonces), so the result is the same every time.

/**
 * One policy for the console (React + Vite + Mantine) and Swagger UI at /api-docs, both same-origin
 * bundles without inline scripts. `style-src 'unsafe-inline'` is the one concession: Mantine writes its
 * CSS variables into a <style> element and style props into style attributes at run time, as Swagger UI
 * does too; styles cannot run code. No `upgrade-insecure-requests`: plain-http LAN installs must keep
 * loading their own assets.
 */
const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  xFrameOptions: { action: 'deny' },
  // Not no-referrer: under it browsers send `Origin: null` on same-origin POSTs (Fetch §3.1), which would
  // blind any Origin check; same-origin keeps the Referer inside DeskGate and out of IdPs and other sites.
  referrerPolicy: { policy: 'same-origin' },
  // Helmet's HSTS is unconditional; it is sent only over https, below.
  strictTransportSecurity: false,
};

/** RFC 6797: one year; ignored by browsers over plain http anyway, so only https answers carry it. */
const HSTS = 'max-age=31536000; includeSubDomains';

/** The headers helmet sets for HELMET_OPTIONS, captured once from its middleware. */
function helmetHeaders(): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  const res = {
    setHeader: (name: string, value: unknown) => headers.push([name.toLowerCase(), String(value)]),
    removeHeader: () => {},
  };
  let done = false;
  // helmet's middleware is synchronous for a policy without functions; `done` proves it ran to the end.
  helmet(HELMET_OPTIONS)({} as never, res as never, () => {
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously');
  return headers;
}

/**
 * The answers of routes only the RustDesk client calls (spec §5.1: every device, every 15 s), JSON that no browser
 * renders: the headers that still matter for a non-HTML answer (OWASP REST Security Cheat Sheet, "Security
 * headers") — nothing may frame or sniff it as a document, and no other origin may embed it — without the
 * page policies meant for the console's HTML. Eleven headers validated and written per request were ≈ 7 % of a
 * heartbeat's CPU profile, these four ≈ 2.5 % (docs/performance.md, "Heartbeat profile").
 */
const CLIENT_API_HEADERS: Array<[string, string]> = [
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
  ['cross-origin-resource-policy', 'same-origin'],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
];

/** Exact request paths (no query string) answered with {@link CLIENT_API_HEADERS}; any other gets the full set. */
const CLIENT_API_PATHS: ReadonlySet<string> = new Set(['/api/heartbeat']);

/**
 * onRequest hook: the security headers on every answer, and HSTS when the browser reaches DeskGate over
 * https (directly, via a trusted proxy, or `publicUrl`, the configured public URL).
 */
export function securityHeadersHook(
  publicUrl: string | undefined,
): (request: FastifyRequest, reply: FastifyReply, done: () => void) => void {
  const headers = helmetHeaders();
  return (request, reply, done) => {
    const res = reply.raw;
    const set = CLIENT_API_PATHS.has(request.url) ? CLIENT_API_HEADERS : headers;
    for (const [name, value] of set) res.setHeader(name, value);
    if (isSecureRequest(request, publicUrl)) res.setHeader('strict-transport-security', HSTS);
    done();
  };
}
