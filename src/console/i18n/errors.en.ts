/**
 * The console's words for each server error code (src/errors.ts ERROR_CODES), shown when the server's own
 * English sentence cannot be: in another language, or when the body has none. `errors.<CODE>.<reason>` is a
 * finer sentence for one `reason` (issue 11); spread into en.ts.
 */
export const errorsEn = {
  'errors.BAD_REQUEST': 'The request was refused as it is. Check what you entered and try again.',
  'errors.VALIDATION_FAILED':
    'Some values are missing or not in the expected form. Check them and try again.',
  'errors.PAYLOAD_TOO_LARGE': 'What you sent is larger than the 1 MiB limit.',
  'errors.BODY_TOO_DEEP': 'What you sent is nested too deeply.',
  'errors.DEVICE_NOT_REGISTERED': 'This device is not registered with DeskGate yet.',
  'errors.AUDIT_RATE_LIMITED': 'Too many audit records from this device; try again in a minute.',
  'errors.UNSUPPORTED_MEDIA_TYPE':
    'The request was sent in a form DeskGate does not read. Reload the page and try again.',
  'errors.NOT_AUTHENTICATED': 'You are not signed in, or your session has ended. Sign in again.',
  'errors.FORBIDDEN': 'You do not have permission to do that.',
  'errors.CSRF_FAILED': 'This request did not come from the DeskGate console. Reload the page and try again.',
  'errors.NOT_FOUND': 'It was not found; it may have been deleted. Reload the page.',
  'errors.CONFLICT': 'That name or value is already in use; choose another.',
  'errors.INVALID_CREDENTIALS': 'Wrong username or password.',
  'errors.INVALID_CREDENTIALS.current-password': 'The current password is wrong; type it again.',
  'errors.TOO_MANY_ATTEMPTS': 'Too many failed sign-in attempts. Wait a while and try again.',
  'errors.USER_DISABLED': 'This account is disabled. Ask an administrator to enable it.',
  'errors.PASSWORD_LOGIN_DISABLED': 'Password sign-in is turned off here; use a “Continue with” button.',
  'errors.WEAK_PASSWORD': 'This password is too easy to guess.',
  'errors.INVALID_CODE':
    'The code is wrong or was already used. Enter the current code from your authenticator app, or a backup code.',
  'errors.CHALLENGE_EXPIRED': 'This sign-in has expired or was already completed. Sign in again.',
  'errors.PROVIDER_ERROR':
    'The identity provider could not be reached or gave an answer DeskGate cannot use.',
  'errors.SSO_ORIGIN_MISSING': 'Open this auth provider in Settings → OIDC and save it once.',
  'errors.SSO_ORIGIN_MISMATCH':
    'This auth provider works only at the address it was saved from; open DeskGate there.',
  'errors.ENTRA_ANY_TENANT_UNACKNOWLEDGED':
    'This issuer lets a person from any Microsoft Entra tenant sign in. List your tenant IDs under Allowed tenants, or tick “Any Microsoft Entra tenant may sign in”.',
  'errors.INTERNAL': 'Something went wrong on the server. It has been logged; try again.',
  'errors.LOGOUT_TOKEN_INVALID': "The identity provider's logout token was refused; nobody was signed out.",
  'errors.LDAP_UNAVAILABLE':
    'DeskGate could not reach the directory (LDAP). Try again later, or ask an administrator to check Settings → LDAP.',
  'errors.LDAP_NOT_LINKED':
    'A DeskGate account with this username exists but is not linked to the directory. Ask an administrator.',
  'errors.EMAIL_NOT_CONFIGURED':
    'Email is not set up in DeskGate. Ask an administrator to set it up under Settings → Email.',
  'errors.EMAIL_FAILED':
    'The email could not be sent. Try again later, or ask an administrator to check Settings → Email.',
  'errors.LINK_EXPIRED': 'This link has expired or was already used. Ask for a new one.',
} as const;
