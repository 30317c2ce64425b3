import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abRequest, clientLogin, createGroup, createUser } from '../../test/address-books.ts';
import { buildTestApp, type ConsoleSession, dialects, signIn, type TestApp } from '../../test/harness.ts';

const BASE = '/api/console/address-books';

describe.each(dialects())('console address-book API on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let mia: ConsoleSession;
  let ned: ConsoleSession;
  let nedId: string;
  let groupId: string;
  const call = (
    s: ConsoleSession,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => t.app.inject({ method, url, headers: s.headers, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
    groupId = await createGroup(t.app, admin, 'Ops');
    await createUser(t.app, admin, 'mia');
    nedId = await createUser(t.app, admin, 'ned', { groupId });
    mia = await signIn(t.app, 'mia', 'mia-password');
    ned = await signIn(t.app, 'ned', 'ned-password');
  });
  afterAll(async () => t.close());

  it('shows a user their personal book first, and manages its peers and tags; secrets never shown', async () => {
    const books = (await call(mia, 'GET', BASE)).json();
    expect(books).toEqual([
      expect.objectContaining({ name: 'My address book', personal: true, ownerName: 'mia', rule: 3 }),
    ]);
    const id = books[0].id;
    expect(
      (await call(mia, 'POST', `${BASE}/${id}/tags`, { name: 'lab', color: 0xff00ff00 })).statusCode,
    ).toBe(200);
    expect((await call(mia, 'POST', `${BASE}/${id}/tags`, { name: 'lab', color: 1 })).statusCode).toBe(409);
    expect(
      (
        await call(mia, 'POST', `${BASE}/${id}/peers`, {
          id: '555',
          alias: 'Scope',
          tags: ['lab'],
          note: 'n',
        })
      ).statusCode,
    ).toBe(200);
    expect((await call(mia, 'POST', `${BASE}/${id}/peers`, { id: '555' })).statusCode).toBe(409);
    // A client remembers the password hash of that peer.
    const token = await clientLogin(t.app, 'mia', 'mia-password');
    await abRequest(t.app, token, 'PUT', `/api/ab/peer/update/${id}`, {
      id: '555',
      hash: 'c2VjcmV0LWhhc2g=',
    });
    const page = await call(mia, 'GET', `${BASE}/${id}/peers?page=1&pageSize=50`);
    expect(page.json().items).toEqual([
      expect.objectContaining({ id: '555', alias: 'Scope', tags: ['lab'], note: 'n', hasPassword: true }),
    ]);
    expect(page.body).not.toContain('c2VjcmV0LWhhc2g=');
    expect((await call(mia, 'PATCH', `${BASE}/${id}/peers/555`, { alias: 'Scope 2' })).statusCode).toBe(200);
    expect(
      (await call(mia, 'PATCH', `${BASE}/${id}/tags/lab`, { name: 'bench', color: 0xff0000ff })).statusCode,
    ).toBe(200);
    expect((await call(mia, 'GET', `${BASE}/${id}/tags`)).json()).toEqual([
      { name: 'bench', color: 0xff0000ff },
    ]);
    const peer = (await call(mia, 'GET', `${BASE}/${id}/peers?search=scope`)).json().items[0];
    expect(peer).toMatchObject({ alias: 'Scope 2', tags: ['bench'] });
    expect((await call(mia, 'DELETE', `${BASE}/${id}/tags/bench`)).statusCode).toBe(200);
    expect((await call(mia, 'DELETE', `${BASE}/${id}/peers/555`)).statusCode).toBe(200);
    expect((await call(mia, 'GET', `${BASE}/${id}/peers`)).json().total).toBe(0);
    // Nobody else sees it, not even an administrator.
    expect((await call(admin, 'GET', `${BASE}/${id}/peers`)).statusCode).toBe(404);
    expect((await call(ned, 'GET', `${BASE}/${id}/tags`)).statusCode).toBe(404);
    expect((await call(mia, 'DELETE', `${BASE}/${id}`)).statusCode).toBe(400);
  });

  it('creates a shared book, shares it with a group at read/write, and enforces the levels', async () => {
    const created = await call(mia, 'POST', BASE, { name: 'Lab machines', note: '' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await call(ned, 'POST', BASE, { name: 'lab MACHINES' })).statusCode).toBe(409);
    expect((await call(ned, 'POST', BASE, { name: 'My address book' })).statusCode).toBe(409);
    expect((await call(ned, 'GET', `${BASE}/${id}/peers`)).statusCode).toBe(404);

    expect((await call(mia, 'POST', `${BASE}/${id}/shares`, { groupId, rule: 1 })).statusCode).toBe(200);
    const shares = (await call(mia, 'GET', `${BASE}/${id}/shares`)).json();
    expect(shares).toEqual([
      { id: expect.any(String), kind: 'group', targetId: groupId, targetName: 'Ops', rule: 1 },
    ]);
    expect(
      (await call(ned, 'GET', BASE)).json().map((b: { name: string; rule: number }) => [b.name, b.rule]),
    ).toEqual([
      ['My address book', 3],
      ['Lab machines', 1],
    ]);
    expect((await call(ned, 'POST', `${BASE}/${id}/peers`, { id: '1' })).statusCode).toBe(403);

    expect((await call(mia, 'PATCH', `${BASE}/${id}/shares/${shares[0].id}`, { rule: 2 })).statusCode).toBe(
      200,
    );
    expect((await call(ned, 'POST', `${BASE}/${id}/peers`, { id: '1' })).statusCode).toBe(200);
    expect((await call(ned, 'PATCH', `${BASE}/${id}`, { note: 'x' })).statusCode).toBe(403);
    expect((await call(ned, 'POST', `${BASE}/${id}/shares`, { userId: nedId, rule: 3 })).statusCode).toBe(
      403,
    );

    // A user rule and a group rule: the stronger one wins.
    expect((await call(mia, 'POST', `${BASE}/${id}/shares`, { userId: nedId, rule: 3 })).statusCode).toBe(
      200,
    );
    expect((await call(ned, 'PATCH', `${BASE}/${id}`, { name: 'Lab', note: 'bench' })).statusCode).toBe(200);
    // An administrator manages every shared book.
    expect((await call(admin, 'GET', `${BASE}/${id}/shares`)).json()).toHaveLength(2);
    for (const s of (await call(mia, 'GET', `${BASE}/${id}/shares`)).json())
      expect((await call(mia, 'DELETE', `${BASE}/${id}/shares/${s.id}`)).statusCode).toBe(200);
    expect((await call(ned, 'GET', `${BASE}/${id}/peers`)).statusCode).toBe(404);
    expect((await call(mia, 'DELETE', `${BASE}/${id}`)).statusCode).toBe(200);
    expect((await call(mia, 'GET', `${BASE}/${id}/peers`)).statusCode).toBe(404);
  });

  it('lists who a book can be shared with, to any signed-in user', async () => {
    const targets = (await call(ned, 'GET', `${BASE}/share-targets`)).json();
    expect(targets.users.map((u: { username: string }) => u.username)).toEqual(['admin', 'mia', 'ned']);
    expect(targets.groups.map((g: { name: string }) => g.name)).toContain('Ops');
    expect((await t.app.inject({ url: `${BASE}/share-targets` })).statusCode).toBe(401);
  });
});
