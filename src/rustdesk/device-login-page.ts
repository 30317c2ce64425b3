import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../http/escape-html.ts';
import type { DeviceLoginOutcome } from './oidc-device-login.ts';

// The page the browser tab shows once a RustDesk device login is finished (spec §4.6: the client ignores
// it; it is for the person). Server-rendered, in English or Japanese; the console's i18n is not loaded here.
// The confirmation page before it (device-confirm-page.ts) shares its language choice, style and headers.

export type Lang = 'en' | 'ja';

const en = {
  title: 'DeskGate',
  okHeading: 'Signed in',
  ok: (name: string, device: string) => `Signed in as ${name} on device ${device}.`,
  okNext: 'You can return to RustDesk.',
  failHeading: 'Sign-in failed',
  deniedHeading: 'Sign-in denied',
  failNext: 'Close this window and try again from RustDesk.',
  details: 'Details:',
  reasons: {
    DEVICE_LOGIN_EXPIRED:
      'This device sign-in has expired or was already completed. Click the sign-in button in RustDesk again.',
    DEVICE_LOGIN_DENIED:
      'You denied this sign-in; RustDesk was not signed in. If you did not start it yourself, tell your administrator.',
    DEVICE_CONFIRM_OTHER_BROWSER:
      'This sign-in can only be approved in the browser that signed in, within three minutes. Click the sign-in button in RustDesk again.',
    SSO_LINK_EXPIRED: 'This sign-in link has expired or was already used. Start the sign-in again.',
    SSO_VERIFY_FAILED:
      "The identity provider's answer could not be verified. Nobody was signed in; try again or ask an administrator.",
    SSO_NOT_ALLOWED: 'Your account is not allowed to sign in here.',
    SSO_NOT_REGISTERED: 'Your account is not registered in DeskGate. Ask an administrator to add you.',
    SSO_USER_DISABLED: 'Your DeskGate account is disabled. Ask an administrator to enable it.',
    SSO_IDP_ERROR: 'The identity provider refused the sign-in.',
    SSO_IDP_UNREACHABLE:
      'DeskGate could not reach the identity provider. Nobody was signed in; try again later or ask an administrator.',
    SSO_IDP_TIMEOUT:
      'The identity provider did not answer in time. Nobody was signed in; try again in a moment.',
    SSO_FAILED: 'The sign-in could not be completed. Try again or ask an administrator.',
  },
};
// Typed as the English strings: a key missing in Japanese does not compile.
const ja: typeof en = {
  title: 'DeskGate',
  okHeading: 'サインインしました',
  ok: (name: string, device: string) => `${name} としてデバイス ${device} にサインインしました。`,
  okNext: 'RustDesk に戻ってください。',
  failHeading: 'サインインできませんでした',
  deniedHeading: 'サインインを拒否しました',
  failNext: 'このウィンドウを閉じて、RustDesk からもう一度お試しください。',
  details: '詳細：',
  reasons: {
    DEVICE_LOGIN_EXPIRED:
      'このデバイスのサインインは期限切れか、すでに完了しています。RustDesk のサインインボタンをもう一度押してください。',
    DEVICE_LOGIN_DENIED:
      'このサインインを拒否しました。RustDesk はサインインしていません。ご自身で始めたものでない場合は、管理者に知らせてください。',
    DEVICE_CONFIRM_OTHER_BROWSER:
      'このサインインは、サインインしたブラウザーで 3 分以内にのみ承認できます。RustDesk のサインインボタンをもう一度押してください。',
    SSO_LINK_EXPIRED:
      'このサインインリンクは期限切れか、すでに使用されています。もう一度サインインしてください。',
    SSO_VERIFY_FAILED:
      'IDプロバイダーからの応答を検証できませんでした。サインインは行われていません。もう一度試すか、管理者に連絡してください。',
    SSO_NOT_ALLOWED: 'このアカウントはここへのサインインを許可されていません。',
    SSO_NOT_REGISTERED: 'このアカウントは DeskGate に登録されていません。管理者に追加を依頼してください。',
    SSO_USER_DISABLED: 'DeskGate のアカウントが無効になっています。管理者に有効化を依頼してください。',
    SSO_IDP_ERROR: 'IDプロバイダーがサインインを拒否しました。',
    SSO_IDP_UNREACHABLE:
      'DeskGate から IDプロバイダーに接続できませんでした。サインインは行われていません。しばらくしてから試すか、管理者に連絡してください。',
    SSO_IDP_TIMEOUT:
      'IDプロバイダーから時間内に応答がありませんでした。サインインは行われていません。少し待ってからもう一度試してください。',
    SSO_FAILED: 'サインインを完了できませんでした。もう一度試すか、管理者に連絡してください。',
  },
};
const TEXT: Record<Lang, typeof en> = { en, ja };

type DeviceLoginReason = keyof typeof en.reasons;

/** English unless the browser prefers Japanese (RFC 9110 §12.5.4 Accept-Language, q-values honoured). */
export function pickLanguage(acceptLanguage: string | undefined): Lang {
  let best: { lang: Lang; q: number } = { lang: 'en', q: 0 };
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const q = Number(
      params
        .find((p) => p.trim().startsWith('q='))
        ?.trim()
        .slice(2) ?? '1',
    );
    const primary = tag.trim().toLowerCase().split('-')[0];
    if ((primary === 'ja' || primary === 'en') && Number.isFinite(q) && q > best.q)
      best = { lang: primary, q };
  }
  return best.lang;
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2933}' +
  'h1{font-size:1.5rem}.ok{color:#2b8a3e}.fail{color:#c92a2a}.details{color:#52606d;font-size:.9rem}' +
  'th{text-align:left;padding:.2rem 1rem .2rem 0;font-weight:600}td{padding:.2rem 0}' +
  'label{display:block;margin:1rem 0 .3rem}input{font-size:1.1rem;padding:.3rem}' +
  'button{font-size:1rem;padding:.5rem 1.2rem;margin:1rem .6rem 0 0}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
/**
 * Only this exact stylesheet may apply; no script, image or frame, and no framing by anyone (a framed
 * Approve button could be clickjacked). The result page has no form; the confirmation page posts to us.
 */
const cspFor = (formAction: "'none'" | "'self'") =>
  `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action ${formAction}; frame-ancestors 'none'`;

/** The document around a page body: language, charset, no referrer, the one stylesheet. */
export function htmlDocument(lang: Lang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** Sends a page with headers that keep it inert, unframed, uncached and out of the Referer of any next page. */
export function sendPage(
  reply: FastifyReply,
  status: number,
  html: string,
  formAction: "'none'" | "'self'" = "'none'",
) {
  return reply
    .status(status)
    .headers({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': cspFor(formAction),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    })
    .send(html);
}

/** The whole page; every value from the IdP, the device or the database is HTML-escaped. */
export function renderDeviceLoginPage(lang: Lang, outcome: DeviceLoginOutcome): string {
  const t = TEXT[lang];
  const device = escapeHtml(
    outcome.deviceName ? `${outcome.deviceId} (${outcome.deviceName})` : outcome.deviceId,
  );
  let body: string;
  if (outcome.ok) {
    body = `<h1 class="ok">${escapeHtml(t.okHeading)}</h1><p>${t.ok(`<strong>${escapeHtml(outcome.userName)}</strong>`, `<strong>${device}</strong>`)}</p><p>${escapeHtml(t.okNext)}</p>`;
  } else {
    const reason = t.reasons[outcome.code as DeviceLoginReason] ?? t.reasons.SSO_FAILED;
    const details =
      outcome.message && outcome.message !== reason
        ? `<p class="details">${escapeHtml(t.details)} ${escapeHtml(outcome.message)}</p>`
        : '';
    const denied = outcome.code === 'DEVICE_LOGIN_DENIED';
    const next = denied ? '' : `<p>${escapeHtml(t.failNext)}</p>`;
    body = `<h1 class="fail">${escapeHtml(denied ? t.deniedHeading : t.failHeading)}</h1><p>${escapeHtml(reason)}</p>${details}${next}`;
  }
  return htmlDocument(lang, t.title, body);
}

/** Sends the result page (200 when signed in, 403 otherwise). */
export function sendDeviceLoginPage(
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: DeviceLoginOutcome,
) {
  const html = renderDeviceLoginPage(pickLanguage(request.headers['accept-language']), outcome);
  return sendPage(reply, outcome.ok ? 200 : 403, html);
}
