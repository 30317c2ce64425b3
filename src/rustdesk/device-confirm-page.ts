import type { FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../http/escape-html.ts';
import { isSecureRequest } from '../http/origin.ts';
import type { DeviceLoginConfirmation } from './device-login-info.ts';
import { htmlDocument, type Lang, pickLanguage, sendDeviceLoginPage, sendPage } from './device-login-page.ts';
import type { DeviceLoginOutcome } from './oidc-device-login.ts';

// "Sign in to RustDesk on this device?" — DeskGate's own page between the IdP and the token (issue 9 §1).
// Server-rendered in English or Japanese like the result page, no script; its form posts to us only.

/** Where the form posts; the cookie is scoped to this folder. */
const CONFIRM_PATH = '/api/oidc/device-login/confirm';
/** HttpOnly, SameSite=Strict: holds the confirmation secret in the browser that did the callback. */
export const CONFIRM_COOKIE = 'deskgate_device_confirm';
const COOKIE_PATH = '/api/oidc/device-login/';

const en = {
  title: 'DeskGate',
  heading: 'Sign in to RustDesk on this device?',
  intro: (name: string) =>
    `You signed in as ${name}. A RustDesk client asks to be signed in with your account:`,
  device: 'Device',
  os: 'Operating system',
  requestedFrom: 'Requested from',
  requestedAt: 'Requested at',
  thisBrowser: 'This browser',
  sameAddress: 'Approve only if you just clicked the sign-in button in RustDesk on this device yourself.',
  otherAddress: (client: string, browser: string) =>
    `This sign-in was requested from another network address (${client}) than this browser's (${browser}). If you did not just click the sign-in button in RustDesk yourself, someone may be trying to use your account: choose Deny.`,
  typeId: 'To approve, type the ID shown in your RustDesk window:',
  idMismatch:
    "The ID you typed is not this device's ID. Look at your RustDesk window and type its ID, or choose Deny.",
  approve: 'Approve',
  deny: 'Deny',
};
// Typed as the English strings: a key missing in Japanese does not compile.
const ja: typeof en = {
  title: 'DeskGate',
  heading: 'このデバイスで RustDesk にサインインしますか？',
  intro: (name: string) =>
    `${name} としてサインインしました。RustDesk クライアントがこのアカウントでのサインインを求めています：`,
  device: 'デバイス',
  os: 'OS',
  requestedFrom: '要求元のアドレス',
  requestedAt: '要求日時',
  thisBrowser: 'このブラウザーのアドレス',
  sameAddress: 'ご自身でこのデバイスの RustDesk のサインインボタンを押した場合にのみ、承認してください。',
  otherAddress: (client: string, browser: string) =>
    `このサインインは、このブラウザー（${browser}）とは別のネットワークアドレス（${client}）から要求されました。ご自身で RustDesk のサインインボタンを押していない場合、誰かがあなたのアカウントを使おうとしている可能性があります。「拒否」を選んでください。`,
  typeId: '承認するには、RustDesk の画面に表示されている ID を入力してください：',
  idMismatch:
    '入力された ID はこのデバイスの ID ではありません。RustDesk の画面の ID を入力するか、「拒否」を選んでください。',
  approve: '承認',
  deny: '拒否',
};
const TEXT: Record<Lang, typeof en> = { en, ja };

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** The whole page; every value from the IdP, the device, the request or the database is HTML-escaped. */
export function renderConfirmationPage(lang: Lang, c: DeviceLoginConfirmation): string {
  const t = TEXT[lang];
  const e = escapeHtml;
  const who = `<strong>${e(c.userName === c.username ? c.username : `${c.userName} (${c.username})`)}</strong>`;
  const device = c.deviceName ? `${c.deviceId} (${c.deviceName})` : c.deviceId;
  const rows = [
    [t.device, device],
    [t.os, c.deviceOs || '—'],
    [t.requestedFrom, c.clientIp || '—'],
    [t.requestedAt, utc(c.requestedAt)],
    [t.thisBrowser, c.browserIp],
  ]
    .map(([k, v]) => `<tr><th>${e(k ?? '')}</th><td>${e(v ?? '')}</td></tr>`)
    .join('');
  const warning = c.mustTypeId
    ? `<p class="fail"><strong>${e(t.otherAddress(c.clientIp || '—', c.browserIp))}</strong></p>`
    : `<p>${e(t.sameAddress)}</p>`;
  const error = c.error ? `<p class="fail" role="alert">${e(t.idMismatch)}</p>` : '';
  const typeId = c.mustTypeId
    ? `<label for="deviceId">${e(t.typeId)}</label><input id="deviceId" name="deviceId" autocomplete="off" spellcheck="false" maxlength="100">${error}`
    : '';
  const form =
    `<form method="post" action="${CONFIRM_PATH}">` +
    `<input type="hidden" name="login" value="${e(c.loginId)}"><input type="hidden" name="confirm" value="${e(c.secret)}">` +
    `${typeId}<button type="submit" name="decision" value="approve">${e(t.approve)}</button>` +
    `<button type="submit" name="decision" value="deny">${e(t.deny)}</button></form>`;
  const body = `<h1>${e(t.heading)}</h1><p>${t.intro(who)}</p><table>${rows}</table>${warning}${form}`;
  return htmlDocument(lang, t.title, body);
}

/**
 * Sends the confirmation page (with the cookie that binds it to this browser, for the login's remaining
 * lifetime) or the result page.
 */
export function sendDeviceLoginStep(
  request: FastifyRequest,
  reply: FastifyReply,
  step: DeviceLoginOutcome | DeviceLoginConfirmation,
) {
  if (!('kind' in step)) return sendDeviceLoginPage(request, reply, step);
  void reply.setCookie(CONFIRM_COOKIE, step.secret, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecureRequest(request, request.server.config.publicUrl),
    maxAge: step.maxAgeSeconds,
  });
  const html = renderConfirmationPage(pickLanguage(request.headers['accept-language']), step);
  return sendPage(reply, step.error ? 400 : 200, html, "'self'");
}

/** Ends the binding once the login is decided (or was never this browser's). */
export function clearConfirmCookie(reply: FastifyReply): void {
  void reply.clearCookie(CONFIRM_COOKIE, { path: COOKIE_PATH });
}
