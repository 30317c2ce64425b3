import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isSecureRequest } from './origin.ts';

// The headers every answer carries (issue 9 §6), set by @fastify/helmet in an onRequest hook with
// res.setHeader, so a page that needs a stricter policy of its own — the form_post re-post page
// (sso/form-post.ts, a script nonce) and the RustDesk device login page — sets it with reply.header and
// wins: Node gives the headers passed at writeHead precedence over those set before.

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

export const HELMET_OPTIONS: FastifyHelmetOptions = {
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

/** onRequest hook: HSTS when the browser reaches DeskGate over https (directly, via a trusted proxy, or the public URL). */
export async function addHsts(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (isSecureRequest(request, request.server.config.publicUrl)) {
    reply.raw.setHeader('strict-transport-security', HSTS);
  }
}
