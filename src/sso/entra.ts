import type { LoginErrorCode } from '../shared/login-errors.ts';
import type { Provider } from '../shared/sso.ts';
import type { Claims } from './rules.ts';

// Microsoft Entra ID quirks, in one place (oidc-notes §4).

export const isEntra = (p: Provider) => p.type === 'entra';

/** Entra's `sub` is per application; `oid` within `tid` is the stable user id (oidc-notes §4.2). */
export function entraKey(claims: Claims): {
  subject: string;
  tenantId: string | null;
  objectId: string | null;
} {
  const tid = typeof claims.tid === 'string' ? claims.tid : null;
  const oid = typeof claims.oid === 'string' ? claims.oid : null;
  return { subject: oid ?? String(claims.sub), tenantId: tid, objectId: oid };
}

/** Entra sends no standard email_verified; only xms_edov says the email domain's owner is verified. */
export const entraEmailVerified = (claims: Claims) => claims.xms_edov === true || claims.xms_edov === 'true';

/**
 * Entra's groups overage: past 200 groups the token carries `_claim_names.groups` pointing at Microsoft
 * Graph instead of `groups`; in the implicit flow, past 6, just `hasgroups: true` (Microsoft identity
 * platform, "ID token claims reference": groups, hasgroups, _claim_names). DeskGate does not call Graph;
 * the app must be made to send a short list.
 */
export function hasGroupsOverage(claims: Claims): boolean {
  const names = claims._claim_names;
  const pointer = typeof names === 'object' && names !== null && 'groups' in names;
  return pointer || claims.hasgroups === true || claims.hasgroups === 'true';
}

export const GROUPS_OVERAGE_REASON =
  'Your account is in too many groups for the ID token to list them (Entra "groups overage"), so DeskGate cannot check the allowed or admin groups. An administrator should open the app registration in Azure → Token configuration → groups claim and choose "Groups assigned to the application" (then assign the groups under Enterprise applications → Users and groups), or use app roles instead of groups.';

const HINTS: Record<string, (callbackUrl: string) => string> = {
  AADSTS50011: (cb) =>
    `The redirect URI is not registered. In Azure, open the app registration → Authentication and add exactly ${cb}`,
  AADSTS700054: () =>
    'ID tokens are not enabled for this app. In Azure, open Authentication and tick "ID tokens (used for implicit and hybrid flows)" (step 13 of the setup guide).',
  AADSTS7000215: () =>
    'The client secret is wrong. Copy the secret VALUE (not its ID) from Certificates & secrets into DeskGate.',
  AADSTS7000218: () =>
    'No client secret was sent. Enter the client secret of the app registration in DeskGate.',
  AADSTS50020: () =>
    'This account is not a member of the tenant configured in DeskGate. Sign in with a company account, or ask an administrator.',
  AADSTS90072: () =>
    'This account is not a member of the tenant configured in DeskGate. Sign in with a company account, or ask an administrator.',
  AADSTS65001: () =>
    'The app has not been granted consent. An Azure administrator must grant consent for the app.',
};

/** The Login page's code for an Entra error whose fix is known (its translation carries the fix). */
const LOGIN_CODES: Record<string, LoginErrorCode> = {
  AADSTS50011: 'SSO_IDP_REDIRECT_MISMATCH',
  AADSTS700054: 'SSO_IDP_ID_TOKEN_DISABLED',
  AADSTS7000215: 'SSO_IDP_BAD_SECRET',
  AADSTS7000218: 'SSO_IDP_BAD_SECRET',
  AADSTS50020: 'SSO_IDP_WRONG_TENANT',
  AADSTS90072: 'SSO_IDP_WRONG_TENANT',
  AADSTS65001: 'SSO_IDP_NO_CONSENT',
};

/** The Login page code for a known Entra error code found in an error description, if any. */
export function entraLoginCode(description: string): LoginErrorCode | undefined {
  const code = /AADSTS\d+/.exec(description)?.[0];
  return code ? LOGIN_CODES[code] : undefined;
}

/** The fix for a known Entra error code found in an error description, if any. */
export function entraHint(description: string, callbackUrl: string): string | undefined {
  const code = /AADSTS\d+/.exec(description)?.[0];
  return code ? HINTS[code]?.(callbackUrl) : undefined;
}
