import type { FastifyInstance } from 'fastify';

// The person's side of DeskGate's "Sign in to RustDesk on this device?" page (issue 9 §1): read the form
// and the cookie the callback answered with, and press Approve or Deny as a browser would.

export const CONFIRM_COOKIE = 'deskgate_device_confirm';

/** The confirmation page's form: where it posts, its hidden fields, whether it asks for the device ID. */
export interface ConfirmationForm {
  action: string;
  login: string;
  confirm: string;
  asksForId: boolean;
}

const attr = (tag: string, name: string) =>
  new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1]?.replace(/&amp;/g, '&') ?? '';

/** The form of a confirmation page, or undefined when the page is something else (a result page). */
export function confirmationForm(html: string): ConfirmationForm | undefined {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/.exec(html);
  if (!form) return undefined;
  const inputs = [...(form[2] ?? '').matchAll(/<input\b[^>]*>/g)].map((m) => m[0]);
  const field = (name: string) => attr(inputs.find((i) => attr(i, 'name') === name) ?? '', 'value');
  return {
    action: attr(form[1] ?? '', 'action'),
    login: field('login'),
    confirm: field('confirm'),
    asksForId: inputs.some((i) => attr(i, 'name') === 'deviceId'),
  };
}

/** The confirmation secret from Set-Cookie headers (inject's or fetch's). */
export function confirmationCookie(setCookie: string | string[] | undefined): string | undefined {
  const lines = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const line = lines.find((l) => l.startsWith(`${CONFIRM_COOKIE}=`));
  return line?.split(';')[0]?.slice(CONFIRM_COOKIE.length + 1) || undefined;
}

export interface Decision {
  decision: 'approve' | 'deny';
  /** The ID typed into the page; sent only when given. */
  deviceId?: string;
  /** The cookie to send; undefined sends none (another browser). */
  cookie: string | undefined;
  /** Override form fields (a forged or replayed post). */
  fields?: Partial<Record<'login' | 'confirm', string>>;
}

const formBody = (form: ConfirmationForm, d: Decision) =>
  new URLSearchParams({
    login: d.fields?.login ?? form.login,
    confirm: d.fields?.confirm ?? form.confirm,
    decision: d.decision,
    ...(d.deviceId === undefined ? {} : { deviceId: d.deviceId }),
  }).toString();

/** Posts the decision through inject, from `remoteAddress` (the browser's address). */
export async function decideByInject(
  app: FastifyInstance,
  form: ConfirmationForm,
  d: Decision & { remoteAddress?: string; language?: string },
) {
  return app.inject({
    method: 'POST',
    url: form.action,
    remoteAddress: d.remoteAddress ?? '127.0.0.1',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'accept-language': d.language ?? 'en',
      ...(d.cookie === undefined ? {} : { cookie: `${CONFIRM_COOKIE}=${d.cookie}` }),
    },
    payload: formBody(form, d),
  });
}

/** Approves over real HTTP the confirmation page `page` (a fetch Response of the callback) served at `base`. */
export async function approveOverHttp(base: string, page: Response): Promise<Response> {
  const html = await page.text();
  const form = confirmationForm(html);
  const cookie = confirmationCookie(page.headers.getSetCookie());
  if (!form || !cookie)
    throw new Error(
      `no confirmation page (HTTP ${page.status}): ${html.replace(/<[^>]+>/g, ' ').slice(0, 300)}`,
    );
  return fetch(new URL(form.action, base), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${CONFIRM_COOKIE}=${cookie}` },
    body: formBody(form, { decision: 'approve', cookie }),
  });
}
