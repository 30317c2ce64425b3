import type { Provider } from './sso.ts';

// Which Entra providers let a person from any tenant in (issue 9 §7). Shared: the server refuses to save
// such a provider without the admin's acknowledgement, and the console asks for it and flags it.

/**
 * Microsoft's multi-tenant authorities: `common` (any work, school or personal account) and `organizations`
 * (any work or school account) — "Microsoft identity platform: application configuration options", authority.
 */
const MULTI_TENANT_AUTHORITIES = new Set(['common', 'organizations']);
const ENTRA_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.partner.microsoftonline.cn',
  'login.chinacloudapi.cn',
]);

/** Whether an issuer is a Microsoft authority that any Entra tenant can sign in through. */
function isAnyTenantIssuer(issuer: string): boolean {
  if (!URL.canParse(issuer)) return false;
  const url = new URL(issuer);
  const authority = url.pathname.split('/')[1]?.toLowerCase() ?? '';
  return ENTRA_HOSTS.has(url.hostname.toLowerCase()) && MULTI_TENANT_AUTHORITIES.has(authority);
}

/**
 * Whether a provider lets a person from any Entra tenant in: a multi-tenant issuer and no Allowed tenants
 * (which only the `entra` type applies, rules.ts). Such a provider needs the admin's explicit acknowledgement.
 */
export const opensToAnyTenant = (p: Pick<Provider, 'type' | 'issuer' | 'allowedTenants'>) =>
  isAnyTenantIssuer(p.issuer) && (p.type !== 'entra' || p.allowedTenants.length === 0);
