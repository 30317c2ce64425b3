import type { SignInOutcome } from '../shared/dashboard.ts';

/**
 * Which audit-trail actions are sign-ins, and how each counts: success, refused (a rule turned the
 * person away) or failed (the sign-in could not complete). The actions are those written by
 * src/accounts/ (console password), src/sso/browser.routes.ts (console SSO), src/rustdesk/
 * password-login.ts and src/rustdesk/oidc-device-login.ts + device-confirm.ts (RustDesk client).
 */
export const SIGN_IN_ACTIONS = [
  'auth.login',
  'auth.login.failure',
  'auth.2fa.failure',
  'auth.throttle',
  'client.login',
  'sso.login.success',
  'sso.login.failure',
  'client.oidc.login.success',
  'client.oidc.login.denied',
  'client.oidc.login.failure',
] as const;

const SUCCESS = new Set(['auth.login', 'client.login', 'sso.login.success', 'client.oidc.login.success']);
const REFUSED = new Set(['auth.throttle', 'client.oidc.login.denied']);
/** SignInRefused codes (src/sso/identities.ts) and the person declining at the identity provider. */
const REFUSED_CODES = new Set([
  'SSO_NOT_ALLOWED',
  'SSO_NOT_REGISTERED',
  'SSO_USER_DISABLED',
  'SSO_EMAIL_AMBIGUOUS',
  'SSO_IDP_DENIED',
]);

/** The outcome of one sign-in entry. */
export function outcomeOf(action: string, code: string | null): SignInOutcome {
  if (SUCCESS.has(action)) return 'success';
  if (REFUSED.has(action) || (code !== null && REFUSED_CODES.has(code))) return 'refused';
  return 'failed';
}

/** Password sign-ins (console and RustDesk client) name no provider: they count under "password". */
export function wayInOf(action: string, provider: string | null): string {
  if (provider) return provider;
  return action.startsWith('auth.') || action === 'client.login' ? 'password' : '';
}
