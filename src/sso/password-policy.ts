import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { listProviders } from './providers.repo.ts';
import { findHidePasswordLogin } from './settings.repo.ts';

/**
 * "Hide the password form" makes single sign-on the only way in: while it is on and a provider is
 * enabled, local passwords work for administrators only — the emergency path the README documents
 * (`/login?local=1`, `deskgate reset-password`) — and everyone else is told which button to use.
 * Called after the password was checked, so the answer never tells which accounts are administrators.
 */
export async function assertPasswordSignInAllowed(db: Kysely<Database>, user: UserRow): Promise<void> {
  if (user.is_admin === 1 || !(await findHidePasswordLogin(db))) return;
  const enabled = (await listProviders(db)).filter((p) => p.enabled === 1);
  if (enabled.length === 0) return;
  const names = enabled.map((p) => `Continue with ${p.name}`).join(' or ');
  throw new AppError('PASSWORD_LOGIN_DISABLED', 403, `Password sign-in is turned off here; use ${names}.`);
}
