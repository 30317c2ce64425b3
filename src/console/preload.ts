import type { QueryClient } from '@tanstack/react-query';
import type { Permissions } from '../shared/roles.ts';
import { sessionQuery } from './api/session.ts';
import { prefetchUsersPage } from './pages/Users/users-query.ts';

// Pages whose reload is worth starting before React renders: their chunk, and their first data once the
// session says who is signed in. The same import() as App.tsx's lazy route, so the chunk loads once.
const PAGES: Record<
  string,
  { load: () => Promise<unknown>; data: (c: QueryClient, p: Permissions) => void }
> = {
  '/users': { load: () => import('./pages/Users/index.tsx'), data: prefetchUsersPage },
};

/**
 * A full page load: asks for the session at once and, on a page listed above, loads its chunk in parallel
 * and its data as soon as the session answers — rather than session → render → chunk → render → data, one
 * after the other (issue 14: the reload's waterfall).
 */
export function preloadPage(client: QueryClient, pathname: string): void {
  const page = PAGES[pathname];
  void page?.load().catch(() => undefined);
  client
    .fetchQuery(sessionQuery)
    .then((info) => {
      if (info && page) page.data(client, info.permissions);
    })
    // A failure is the session query's own state: App shows the sign-in page, as before.
    .catch(() => undefined);
}
