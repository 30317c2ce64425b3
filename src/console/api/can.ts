import { type AccessLevel, allows, type ConsoleArea, type Permissions } from '../../shared/roles.ts';
import { useSession } from './session.ts';

/** What the signed-in person's role lets them do (from the session answer); nothing when signed out. */
export function usePermissions(): Permissions {
  return useSession().data?.permissions ?? {};
}

/**
 * Whether the signed-in person may `level` the console's `area`: the console hides what they may not do.
 * The server decides regardless (src/accounts/guards.ts); this only spares people a refusal.
 */
export function useCan(area: ConsoleArea, level: AccessLevel = 'read'): boolean {
  return allows(usePermissions(), area, level);
}
