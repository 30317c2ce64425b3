import i18next from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../../test/devices.ts';
import { buildTestApp, dialects, signIn, type TestApp } from '../../test/harness.ts';
import { en } from '../console/i18n/en.ts';
import { describeEntry, type Translate } from '../console/pages/Audit/sentence.ts';
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

  it('keeps the names of the time of the event after a user, group and device group are renamed or deleted', async () => {
    const bob = await post('/api/console/users', { username: 'bob', password: 'bob-password-1' });
    const carol = await post('/api/console/users', { username: 'carol', password: 'carol-password-1' });
    const support = await post('/api/console/groups', { name: 'IT Support' });
    const lab = await post('/api/console/device-groups', { name: 'Lab' });
    const kiosks = await post('/api/console/device-groups', { name: 'Kiosks' });
    await registerDevice(t.app, '720000001', 'dXVpZC03MjA=');
    await post(
      `/api/console/device-groups/${lab.id}/grants`,
      { userIds: [bob.id, carol.id], groupIds: [support.id] },
      'PUT',
    );
    await post('/api/console/devices/720000001', { deviceGroupId: kiosks.id }, 'PATCH');
    // Since then: bob is robert, carol and Kiosks are gone, IT Support is Help Desk.
    await post(`/api/console/users/${bob.id}`, { username: 'robert' }, 'PATCH');
    await post(`/api/console/groups/${support.id}`, { name: 'Help Desk' }, 'PATCH');
    for (const url of [`/api/console/users/${carol.id}`, `/api/console/device-groups/${kiosks.id}`]) {
      expect((await t.app.inject({ method: 'DELETE', url, headers })).statusCode).toBe(200);
    }

    const i18n = i18next.createInstance();
    await i18n.init({
      resources: { en: { translation: en } },
      lng: 'en',
      interpolation: { escapeValue: false },
    });
    const tEn = i18n.t.bind(i18n) as Translate;
    const grants = await trail('device-group.grants');
    const moved = await trail('device.update');
    const sentence = (page: TrailPage) =>
      describeEntry(tEn, page.items[0] as TrailPage['items'][0], page.names);
    expect(sentence(grants)).toBe('admin granted device group Lab to users: bob, carol; groups: IT Support');
    expect(sentence(moved)).toBe('admin moved device 720000001 (pc-720000001) to device group Kiosks');
    expect(JSON.parse(moved.items[0]?.detail ?? '{}').names).toEqual({
      [kiosks.id]: 'Kiosks',
      '720000001': 'pc-720000001',
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
    expect(page.names).toMatchObject({ [group.id]: 'Sales' });
  });
});
