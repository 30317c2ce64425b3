import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { PAGE_PRELOADS, USERS_FIRST_PAGE } from '../../../shared/console-preloads.ts';
import { DEFAULT_SORT, NO_FILTERS, prefetchUsersPage, usersQuery } from './users-query.ts';

// The server preloads these URLs in the HTML of /users; the browser hands an answer over only to a request
// for the very same URL, so the page's first requests must be spelled exactly so.
async function requestsOf(run: () => Promise<unknown>): Promise<string[]> {
  const asked: string[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (url: string) => {
    asked.push(url);
    return new Response('{"items":[],"total":0}', { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  try {
    await run();
  } finally {
    globalThis.fetch = realFetch;
  }
  return asked;
}

describe('the Users page first requests', () => {
  it("the list's first page is the URL the server preloads", async () => {
    const asked = await requestsOf(() =>
      usersQuery({ page: 1, search: '', sort: DEFAULT_SORT, filters: NO_FILTERS }).queryFn(),
    );
    expect(asked).toEqual([USERS_FIRST_PAGE]);
  });

  it('a reload asks for exactly the URLs the server preloads', async () => {
    const client = new QueryClient();
    const asked = await requestsOf(() => prefetchUsersPage(client, { users: 'read', groups: 'read' }));
    expect(asked.sort()).toEqual([...(PAGE_PRELOADS['/users']?.data ?? [])].sort());
  });
});
