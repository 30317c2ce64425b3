import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialects, signIn, type TestApp } from '../../test/harness.ts';
import type { TrailPage } from '../shared/audit.ts';

// Issue 11: the audit log shows names instead of ids — the names at the time of the event where the
// writer has them, today's names (sent with the page) otherwise.
describe.each(dialects())('names in the audit trail on %s', (dialect) => {
  let t: TestApp;
  let headers: Record<string, string>;
  const post = async (url: string, payload: unknown, method: 'POST' | 'PUT' | 'PATCH' = 'POST') => {
    const res = await t.app.inject({ method, url, headers, payload: payload as Record<string, unknown> });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as { id: string };
  };
  const trail = async (action: string) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/console/audit/trail?action=${action}`,
      headers,
    });
    expect(res.statusCode).toBe(200);
    return res.json() as TrailPage;
  };
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    headers = (await signIn(t.app)).headers;
  });
  afterAll(async () => t.close());

  it('stores who an address book was shared with by name, as it was then', async () => {
    const group = await post('/api/console/groups', { name: 'IT Support' });
    const book = await post('/api/console/address-books', { name: 'Helpdesk' });
    await post(`/api/console/address-books/${book.id}/shares`, { groupId: group.id, rule: 2 });
    await post(`/api/console/groups/${group.id}`, { name: 'Service Desk' }, 'PATCH');
    const [entry] = (await trail('address-book.share')).items;
    expect(JSON.parse(entry?.detail ?? '{}')).toMatchObject({
      kind: 'group',
      targetName: 'IT Support',
      rule: 2,
    });
  });

  it("sends today's names of the ids a page's details mention", async () => {
    const group = await post('/api/console/groups', { name: 'Sales' });
    const kiosks = await post('/api/console/device-groups', { name: 'Kiosks' });
    await post(
      `/api/console/device-groups/${kiosks.id}/grants`,
      { userIds: [], groupIds: [group.id] },
      'PUT',
    );
    const page = await trail('device-group.grants');
    expect(page.names).toEqual({ [group.id]: 'Sales' });
  });
});
