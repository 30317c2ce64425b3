/**
 * What a full load of a console page asks for before React renders (issue 14: the reload's waterfall). The
 * server names these in the HTML it serves for the page (`<link rel="modulepreload">` for the page's code,
 * `<link rel="preload" as="fetch">` for its first data), so the browser fetches them while the console's own
 * script still loads; the console then makes the very same requests and is handed the preloaded answers.
 */
export interface PagePreload {
  /** The page's module, as Vite's build manifest names it (relative to src/console). */
  module: string;
  /** The GET requests of its first render, exactly as the console makes them. */
  data: string[];
}

/** The Users list's first page: newest first, no search, no filters (the console builds the same URL). */
export const USERS_FIRST_PAGE = '/api/console/users?page=1&pageSize=20&search=&sort=createdAt&dir=desc';

export const PAGE_PRELOADS: Record<string, PagePreload> = {
  '/users': {
    module: 'pages/Users/index.tsx',
    data: [USERS_FIRST_PAGE, '/api/console/roles', '/api/console/groups'],
  },
};
