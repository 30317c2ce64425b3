import { ADMINISTRATOR_ROLE } from '../shared/roles.ts';
import type { Provider } from '../shared/sso.ts';
import { entraEmailVerified, GROUPS_OVERAGE_REASON, hasGroupsOverage, isEntra } from './entra.ts';

export type Claims = Record<string, unknown>;

export interface Verdict {
  allowed: boolean;
  reasons: string[];
  username: string;
  displayName: string;
  email: string;
  emailVerified: boolean;
  groups: string[];
  isAdmin: boolean;
  /** The role the groups give (null: none); only applied when `decidesRole`. */
  roleId: string | null;
  /** Whether this provider manages roles at all (admin groups or a role mapping is set). */
  decidesRole: boolean;
  groupId: string | undefined;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** What a provider's settings make of a set of claims: who, which groups, allowed or refused and why. */
export function evaluateClaims(p: Provider, claims: Claims): Verdict {
  const email = str(claims.email);
  const groups = Array.isArray(claims.groups)
    ? claims.groups.filter((g): g is string => typeof g === 'string')
    : [];
  const reasons: string[] = [];
  const overage = hasGroupsOverage(claims);
  if (isEntra(p) && p.allowedTenants.length > 0 && !p.allowedTenants.includes(str(claims.tid))) {
    reasons.push(
      `Your organisation (tenant ${str(claims.tid) || 'unknown'}) is not allowed to sign in here.`,
    );
  }
  if (p.allowedEmailDomains.length > 0) {
    const domain = email.split('@')[1]?.toLowerCase() ?? '';
    if (!p.allowedEmailDomains.some((d) => d.toLowerCase().replace(/^@/, '') === domain)) {
      reasons.push(`Your email address (${email || 'none sent'}) is not in an allowed domain.`);
    }
  }
  // Without the list, neither "allowed" nor "admin" can be decided: refuse and say how to fix it, rather
  // than let in (or demote) someone on a guess.
  const decidesRole = p.adminGroups.length > 0 || p.roleMapping.length > 0;
  if (overage && (p.allowedGroups.length > 0 || decidesRole)) {
    reasons.push(GROUPS_OVERAGE_REASON);
  } else if (p.allowedGroups.length > 0 && !groups.some((g) => p.allowedGroups.includes(g))) {
    reasons.push('You are not a member of a group allowed to sign in here.');
  }
  const mapped = p.groupMapping.find((m) => groups.includes(m.idpGroup));
  const isAdmin = groups.some((g) => p.adminGroups.includes(g));
  const roleId = isAdmin
    ? ADMINISTRATOR_ROLE
    : (p.roleMapping.find((m) => groups.includes(m.idpGroup))?.roleId ?? null);
  return {
    allowed: reasons.length === 0,
    reasons,
    username: pickUsername(p, claims, email),
    displayName: str(claims.name),
    email,
    emailVerified: isEntra(p) ? entraEmailVerified(claims) : claims.email_verified === true,
    groups,
    isAdmin: roleId === ADMINISTRATOR_ROLE,
    roleId,
    decidesRole,
    groupId: mapped?.groupId,
  };
}

function pickUsername(p: Provider, claims: Claims, email: string): string {
  if (p.usernameClaim && str(claims[p.usernameClaim])) return str(claims[p.usernameClaim]);
  return str(claims.preferred_username) || email.split('@')[0] || str(claims.name) || 'user';
}
