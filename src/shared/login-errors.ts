/**
 * The only thing a failed browser sign-in puts in the /login URL: one of these codes, which the Login
 * page translates. Free text never travels there — anyone can link to /login?error=<any text> and the
 * page is trusted — so the specifics (IdP messages, hints with URLs) go to the log and the audit trail,
 * and to admins through Test sign-in.
 */
export const LOGIN_ERROR_CODES = [
  'SSO_LINK_EXPIRED',
  'SSO_VERIFY_FAILED',
  'SSO_NOT_ALLOWED',
  'SSO_NOT_REGISTERED',
  'SSO_USER_DISABLED',
  'SSO_EMAIL_AMBIGUOUS',
  'SSO_IDP_ERROR',
  'SSO_IDP_DENIED',
  'SSO_IDP_REDIRECT_MISMATCH',
  'SSO_IDP_ID_TOKEN_DISABLED',
  'SSO_IDP_BAD_SECRET',
  'SSO_IDP_WRONG_TENANT',
  'SSO_IDP_NO_CONSENT',
  'SSO_UNKNOWN_PROVIDER',
  'SSO_PROVIDER_UNAVAILABLE',
  'SSO_IDP_UNREACHABLE',
  'SSO_IDP_TIMEOUT',
  'SSO_ORIGIN_MISMATCH',
  'SSO_ORIGIN_MISSING',
  'SSO_FAILED',
] as const;
export type LoginErrorCode = (typeof LOGIN_ERROR_CODES)[number];

/** Narrows any string to a known code; everything else is the generic SSO_FAILED. */
export function toLoginErrorCode(code: string | null | undefined): LoginErrorCode {
  return (LOGIN_ERROR_CODES as readonly string[]).includes(code ?? '')
    ? (code as LoginErrorCode)
    : 'SSO_FAILED';
}
