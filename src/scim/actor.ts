import type { Actor } from '../audit/audit.ts';
import type { OidcProviderRow } from '../db/schema.ts';

/** The audit actor of every SCIM change: "provisioned by <provider>" (issue 12). */
export const provisionedBy = (row: Pick<OidcProviderRow, 'name'>, ip: string): Actor => ({
  id: null,
  name: `provisioned by ${row.name}`,
  ip,
});
