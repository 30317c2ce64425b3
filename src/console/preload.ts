import type { QueryClient } from '@tanstack/react-query';
import type { Permissions } from '../shared/roles.ts';
import { UsersPage } from './App.tsx';
import { sessionQuery } from './api/session.ts';
import { prefetchUsersPage } from './pages/Users/users-query.ts';

// Pages whose reload is worth starting before React renders: their chunk (App.tsx's own lazy page, so it
// loads once and then renders without a Suspense pass), and their first data once the session says who
// is signed in.
const PAGES: Record<
  string,
  { load: () => Promise<unknown>; data: (c: QueryClient, p: Permissions) => Promise<unknown> }
> = {
  '/users': { load: UsersPage.preload, data: prefetchUsersPage },
};

// How long the first render may wait for the session, the page's chunk and its data. Rendering earlier only
// paints a spinner that the next render throws away, and each render of the cold console costs tens of ms;
// past this a slow API shows the spinner as before.
const FIRST_RENDER_WAIT_MS = 400;

/**
 * A full page load: asks for the session at once and, on a page listed above, loads its chunk in parallel
 * and its data as soon as the session answers — rather than session → render → chunk → render → data, one
 * after the other (issue 14: the reload's waterfall). Resolves when React's first render can show the page
 * itself (or when waiting longer would only delay the spinner); never rejects.
 */
export function preloadPage(client: QueryClient, pathname: string): Promise<void> {
  const page = PAGES[pathname];
  const chunk = page?.load().catch(() => undefined);
  const ready = client
    .fetchQuery(sessionQuery)
    .then((info) => (info && page ? Promise.all([chunk, page.data(client, info.permissions)]) : undefined))
    // A failure is the session query's own state: App shows the sign-in page, as before.
    .catch(() => undefined);
  return Promise.race([ready, new Promise((r) => setTimeout(r, FIRST_RENDER_WAIT_MS))]).then(() => undefined);
}
