import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { AppError } from '../errors.ts';
import { escapeHtml } from '../http/escape-html.ts';
import { CALLBACK_PATH } from './flow.ts';

// response_mode=form_post (OAuth 2.0 Form Post Response Mode) makes the IdP's page POST the response to our
// callback. That POST is cross-site, so the SameSite=Lax cookie binding the pending login to this browser
// is not sent (oidc-notes §0.11). Two ways out: SameSite=None, which browsers accept only with Secure
// (https), or a second POST from our own origin, which carries Lax cookies. DeskGate does the latter
// everywhere, so form_post also works on plain-http installs reached by a LAN name or IP: a POST that
// arrives without the cookie gets a tiny page of ours that re-submits the same fields to the same URL.
// The marker field stops a loop: a re-submitted POST without the cookie is a genuinely foreign browser
// and is refused like any other unbound callback.

/** Hidden field added to the re-submitted form. */
export const RESUBMIT_FIELD = 'deskgate_resubmit';

/** The OAuth fields of a form_post body, without our marker; refuses bodies that are not a form. */
export function formPostFields(
  contentType: string | undefined,
  body: Record<string, string>,
): { params: Record<string, string>; resubmitted: boolean } {
  if (!contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      415,
      'The sign-in callback accepts a form (application/x-www-form-urlencoded) sent by the identity provider.',
    );
  }
  const { [RESUBMIT_FIELD]: marker, ...params } = body;
  return { params, resubmitted: marker === '1' };
}

/**
 * Answers a cookie-less form_post with a same-origin page that POSTs the fields again. Its CSP allows
 * exactly one inline script (by nonce) and form submission only to this origin; without JavaScript a
 * button does the same.
 */
export function sendResubmitPage(reply: FastifyReply, params: Record<string, string>): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  const inputs = Object.entries({ ...params, [RESUBMIT_FIELD]: '1' })
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>DeskGate</title></head><body><form method="post" action="${CALLBACK_PATH}">${inputs}<noscript><p>Continue the sign-in to DeskGate. / DeskGate へのサインインを続行します。</p><button type="submit">Continue / 続行</button></noscript></form><script nonce="${nonce}">document.forms[0].submit();</script></body></html>`;
  return reply
    .header(
      'content-security-policy',
      `default-src 'none'; script-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    )
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY')
    .type('text/html; charset=utf-8')
    .send(html);
}
