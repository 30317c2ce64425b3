import { describe, expect, it } from 'vitest';
import { USERS_FIRST_PAGE } from '../../../shared/console-preloads.ts';
import { DEFAULT_SORT, NO_FILTERS, usersQuery } from './users-query.ts';

// The server preloads this URL in the HTML of /users; the browser hands the answer over only to a request
// for the very same URL, so the list's first request must be spelled exactly so.
describe('the Users list first request', () => {
  it('is the URL the server preloads', async () => {
    const asked: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (url: string) => {
      asked.push(url);
      return new Response('{"items":[],"total":0}', { headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    try {
      await usersQuery({ page: 1, search: '', sort: DEFAULT_SORT, filters: NO_FILTERS }).queryFn();
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(asked).toEqual([USERS_FIRST_PAGE]);
  });
});
