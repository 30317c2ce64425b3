import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abRequest, clientLogin, createGroup, createUser } from '../../test/address-books.ts';
import {
  ADMIN_PASSWORD,
  buildTestApp,
  type ConsoleSession,
  dialects,
  signIn,
  type TestApp,
} from '../../test/harness.ts';

// Every request is built as flutter/lib/models/ab_model.dart builds it (spec §6): see abRequest.
describe.each(dialects())('RustDesk client address-book API on %s', (dialect) => {
  let t: TestApp;
  let admin: ConsoleSession;
  let adminToken: string;
  const ab = (token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
    abRequest(t.app, token, method, url, body);
  /** A mutation succeeded exactly as the client requires: 200 and an empty body (§1.5). */
  const expectEmpty200 = (res: { statusCode: number; body: string }) => {
    expect({ status: res.statusCode, body: res.body }).toEqual({ status: 200, body: '' });
  };

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    admin = await signIn(t.app);
    adminToken = await clientLogin(t.app, 'admin', ADMIN_PASSWORD);
  });
  afterAll(async () => t.close());

  it('answers discovery: settings, a stable personal guid, no shared books, 401 without a token', async () => {
    const settings = await ab(adminToken, 'POST', '/api/ab/settings');
    expect(settings.json()).toEqual({ max_peer_one_ab: 0 });
    const first = (await ab(adminToken, 'POST', '/api/ab/personal')).json();
    const second = (await ab(adminToken, 'POST', '/api/ab/personal')).json();
    expect(first.guid).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toEqual(first);
    const profiles = await ab(adminToken, 'POST', '/api/ab/shared/profiles?current=1&pageSize=100');
    expect(profiles.json()).toEqual({ total: 0, data: [] });
    // A new user's first pulls from two devices at once create one personal book, not two.
    await createUser(t.app, admin, 'pat');
    const [d1, d2] = [
      await clientLogin(t.app, 'pat', 'pat-password', '1'),
      await clientLogin(t.app, 'pat', 'pat-password', '2'),
    ];
    const guids = await Promise.all(
      [d1, d2, d1, d2].map(async (tok) => (await ab(tok, 'POST', '/api/ab/personal')).json().guid),
    );
    expect(new Set(guids).size).toBe(1);
    const anonymous = await ab('not-a-token', 'POST', '/api/ab/personal');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error).toBe('Invalid token');
  });

  it('personal book: peers and tags through every endpoint, each write an empty 200', async () => {
    const { guid } = (await ab(adminToken, 'POST', '/api/ab/personal')).json();
    expectEmpty200(
      await ab(adminToken, 'POST', `/api/ab/tag/add/${guid}`, { name: 'work', color: 4278238420 }),
    );
    expectEmpty200(
      await ab(adminToken, 'POST', `/api/ab/tag/add/${guid}`, { name: 'home', color: 4288585374 }),
    );
    // addIdToCurrent, then a copy from another list with the whole Peer.toJson minus password/hash.
    expectEmpty200(
      await ab(adminToken, 'POST', `/api/ab/peer/add/${guid}`, {
        id: '100200300',
        alias: 'Build box',
        tags: ['work'],
      }),
    );
    expectEmpty200(
      await ab(adminToken, 'POST', `/api/ab/peer/add/${guid}`, {
        id: '400500600',
        username: 'bob',
        hostname: 'bob-pc',
        platform: 'Windows',
        alias: '',
        tags: ['home'],
        forceAlwaysRelay: 'true',
        rdpPort: '3389',
        rdpUsername: 'bob',
        loginName: 'bob',
        device_group_name: '',
        same_server: null,
      }),
    );
    expectEmpty200(
      await ab(adminToken, 'PUT', `/api/ab/peer/update/${guid}`, { id: '100200300', note: 'rack 4' }),
    );
    expectEmpty200(
      await ab(adminToken, 'PUT', `/api/ab/peer/update/${guid}`, { id: '100200300', hash: 'c2VjcmV0' }),
    );
    expectEmpty200(
      await ab(adminToken, 'PUT', `/api/ab/peer/update/${guid}`, { id: '400500600', tags: ['home', 'work'] }),
    );
    expectEmpty200(await ab(adminToken, 'PUT', `/api/ab/tag/rename/${guid}`, { old: 'work', new: 'office' }));
    expectEmpty200(
      await ab(adminToken, 'PUT', `/api/ab/tag/update/${guid}`, { name: 'home', color: 4291681337 }),
    );

    const peers = await ab(adminToken, 'POST', `/api/ab/peers?current=1&pageSize=100&ab=${guid}`);
    expect(peers.statusCode).toBe(200);
    expect(peers.json()).toEqual({
      total: 2,
      data: [
        {
          id: '100200300',
          hash: 'c2VjcmV0',
          username: '',
          hostname: '',
          platform: '',
          alias: 'Build box',
          tags: ['office'],
          forceAlwaysRelay: 'false',
          rdpPort: '',
          rdpUsername: '',
          loginName: '',
          device_group_name: '',
          note: 'rack 4',
          same_server: null,
        },
        expect.objectContaining({
          id: '400500600',
          tags: ['home', 'office'],
          forceAlwaysRelay: 'true',
          hash: '',
        }),
      ],
    });
    expect(peers.json().data[0]).not.toHaveProperty('password');
    // The hash is sealed at rest.
    const row = await t.db.kysely
      .selectFrom('address_book_peers')
      .selectAll()
      .where('peer_id', '=', '100200300')
      .executeTakeFirstOrThrow();
    expect(row.hash_sealed).not.toContain('c2VjcmV0');

    const tags = await ab(adminToken, 'POST', `/api/ab/tags/${guid}`);
    expect(tags.json()).toEqual([
      { name: 'office', color: 4278238420 },
      { name: 'home', color: 4291681337 },
    ]);

    expectEmpty200(await ab(adminToken, 'DELETE', `/api/ab/tag/${guid}`, ['office']));
    expectEmpty200(await ab(adminToken, 'DELETE', `/api/ab/peer/${guid}`, ['400500600']));
    const after = (await ab(adminToken, 'POST', `/api/ab/peers?current=1&pageSize=100&ab=${guid}`)).json();
    expect(after.total).toBe(1);
    expect(after.data[0].tags).toEqual([]);
    expect((await ab(adminToken, 'POST', `/api/ab/tags/${guid}`)).json()).toEqual([
      { name: 'home', color: 4291681337 },
    ]);

    // Failures carry {"error"} and a non-200 status, which the client shows.
    const missing = await ab(adminToken, 'PUT', `/api/ab/peer/update/${guid}`, { id: '999', alias: 'x' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatch(/999/);
    expectEmpty200(await ab(adminToken, 'POST', `/api/ab/tag/add/${guid}`, { name: 'spare', color: 1 }));
    const clash = await ab(adminToken, 'PUT', `/api/ab/tag/rename/${guid}`, { old: 'home', new: 'spare' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error).toBe('Tag spare already exists; choose another name.');
    expectEmpty200(await ab(adminToken, 'DELETE', `/api/ab/tag/${guid}`, ['spare']));
  });

  it('paginates peers the way the client walks pages (total on the first page)', async () => {
    const { guid } = (await ab(adminToken, 'POST', '/api/ab/personal')).json();
    for (let i = 0; i < 5; i++)
      expectEmpty200(
        await ab(adminToken, 'POST', `/api/ab/peer/add/${guid}`, { id: `9000${i}`, alias: '', tags: [] }),
      );
    const seen: string[] = [];
    let total = 0;
    let current = 0;
    do {
      current += 1;
      const page = (
        await ab(adminToken, 'POST', `/api/ab/peers?current=${current}&pageSize=2&ab=${guid}`)
      ).json();
      if (total === 0) total = page.total;
      seen.push(...page.data.map((p: { id: string }) => p.id));
    } while (current * 2 < total);
    expect(total).toBe(6);
    expect(new Set(seen).size).toBe(6);
  });

  it('legacy /api/ab reads and replaces the personal book, keeping fields the legacy format lacks', async () => {
    const user = await createUser(t.app, admin, 'leo');
    expect(user).toBeTruthy();
    const token = await clientLogin(t.app, 'leo', 'leo-password');
    const empty = await ab(token, 'GET', '/api/ab');
    expect(JSON.parse(empty.json().data)).toEqual({ tags: [], peers: [], tag_colors: '{}' });

    const { guid } = (await ab(token, 'POST', '/api/ab/personal')).json();
    expectEmpty200(
      await ab(token, 'POST', `/api/ab/peer/add/${guid}`, { id: '1', alias: 'one', note: 'keep me' }),
    );
    const book = {
      tags: ['a', 'b'],
      peers: [
        {
          id: '1',
          username: 'u',
          hostname: 'h',
          platform: 'Linux',
          alias: 'uno',
          tags: ['a'],
          hash: 'aGFzaA==',
        },
        { id: '2', username: '', hostname: '', platform: '', alias: '', tags: [], hash: '' },
      ],
      tag_colors: JSON.stringify({ a: 4278238420, b: 4291681337 }),
    };
    expectEmpty200(await ab(token, 'POST', '/api/ab', { data: JSON.stringify(book) }));
    const back = JSON.parse((await ab(token, 'GET', '/api/ab')).json().data);
    expect(back).toEqual(book);
    const viaNewApi = (await ab(token, 'POST', `/api/ab/peers?current=1&pageSize=100&ab=${guid}`)).json();
    expect(viaNewApi.data.find((p: { id: string }) => p.id === '1')).toMatchObject({
      alias: 'uno',
      note: 'keep me',
    });
    const sciter = (await ab(token, 'POST', '/api/ab/get', {})).json();
    expect(JSON.parse(sciter.data)).toEqual(book);

    expectEmpty200(await ab(token, 'POST', '/api/ab', { data: JSON.stringify({ tags: [], peers: [] }) }));
    expect(JSON.parse((await ab(token, 'GET', '/api/ab')).json().data).peers).toEqual([]);
    const bad = await ab(token, 'POST', '/api/ab', { data: '{"peers":[{"alias":1}]}' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/invalid/);
  });

  describe('shared books and rules', () => {
    let guid: string;
    let tokens: Record<'rita' | 'walt' | 'nora' | 'fay', string>;
    beforeAll(async () => {
      const team = await createGroup(t.app, admin, 'Team');
      await createUser(t.app, admin, 'rita');
      await createUser(t.app, admin, 'walt', { groupId: team });
      await createUser(t.app, admin, 'nora');
      const fay = await createUser(t.app, admin, 'fay');
      tokens = {
        rita: await clientLogin(t.app, 'rita', 'rita-password'),
        walt: await clientLogin(t.app, 'walt', 'walt-password'),
        nora: await clientLogin(t.app, 'nora', 'nora-password'),
        fay: await clientLogin(t.app, 'fay', 'fay-password'),
      };
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/console/address-books',
        headers: admin.headers,
        payload: { name: 'Servers', note: 'prod' },
      });
      guid = created.json().id;
      const users = (
        await t.app.inject({ url: '/api/console/address-books/share-targets', headers: admin.headers })
      ).json();
      const rita = users.users.find((u: { username: string }) => u.username === 'rita').id;
      for (const payload of [
        { userId: rita, rule: 1 },
        { groupId: team, rule: 2 },
        { userId: fay, rule: 3 },
      ]) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/console/address-books/${guid}/shares`,
          headers: admin.headers,
          payload,
        });
        expect(res.statusCode).toBe(200);
      }
      expectEmpty200(
        await ab(adminToken, 'POST', `/api/ab/peer/add/${guid}`, {
          id: '700',
          alias: 'db',
          password: 'shared-pw',
        }),
      );
    });

    it('lists the book with each reader’s rule, and nothing to someone without a rule', async () => {
      const profile = (token: string) => ab(token, 'POST', '/api/ab/shared/profiles?current=1&pageSize=100');
      const expected = (rule: number) => ({
        total: 1,
        data: [{ guid, name: 'Servers', owner: 'admin', note: 'prod', rule }],
      });
      expect((await profile(tokens.rita)).json()).toEqual(expected(1));
      expect((await profile(tokens.walt)).json()).toEqual(expected(2));
      expect((await profile(tokens.fay)).json()).toEqual(expected(3));
      expect((await profile(adminToken)).json()).toEqual(expected(3));
      expect((await profile(tokens.nora)).json()).toEqual({ total: 0, data: [] });
    });

    it('never lets a user without a rule read or write it, and refuses writes on read-only', async () => {
      const nora = tokens.nora;
      for (const res of [
        await ab(nora, 'POST', `/api/ab/peers?current=1&pageSize=100&ab=${guid}`),
        await ab(nora, 'POST', `/api/ab/tags/${guid}`),
        await ab(nora, 'POST', `/api/ab/peer/add/${guid}`, { id: '1', alias: '' }),
        await ab(nora, 'DELETE', `/api/ab/peer/${guid}`, ['700']),
      ]) {
        expect(res.statusCode).toBe(404);
        expect(res.json().error).toBe('The address book was not found.');
      }
      // Nor another user's personal book, even an administrator's.
      const adminPersonal = (await ab(adminToken, 'POST', '/api/ab/personal')).json().guid;
      expect(
        (await ab(tokens.fay, 'POST', `/api/ab/peers?current=1&pageSize=100&ab=${adminPersonal}`)).statusCode,
      ).toBe(404);

      const rita = tokens.rita;
      const read = (await ab(rita, 'POST', `/api/ab/peers?current=1&pageSize=100&ab=${guid}`)).json();
      expect(read.data).toEqual([expect.objectContaining({ id: '700', alias: 'db', password: 'shared-pw' })]);
      expect(read.data[0]).not.toHaveProperty('hash');
      for (const res of [
        await ab(rita, 'POST', `/api/ab/peer/add/${guid}`, { id: '1', alias: '' }),
        await ab(rita, 'PUT', `/api/ab/peer/update/${guid}`, { id: '700', alias: 'mine' }),
        await ab(rita, 'DELETE', `/api/ab/peer/${guid}`, ['700']),
        await ab(rita, 'POST', `/api/ab/tag/add/${guid}`, { name: 'x', color: 1 }),
        await ab(rita, 'PUT', `/api/ab/tag/rename/${guid}`, { old: 'x', new: 'y' }),
        await ab(rita, 'PUT', `/api/ab/tag/update/${guid}`, { name: 'x', color: 2 }),
        await ab(rita, 'DELETE', `/api/ab/tag/${guid}`, ['x']),
      ]) {
        expect(res.statusCode).toBe(403);
        expect(res.json().error).toMatch(/read-only/);
      }
      expectEmpty200(
        await ab(tokens.walt, 'PUT', `/api/ab/peer/update/${guid}`, { id: '700', note: 'by walt' }),
      );
      // Sharing is full control's: a read/write member cannot manage shares in the console.
      const walt = await signIn(t.app, 'walt', 'walt-password');
      const shares = await t.app.inject({
        url: `/api/console/address-books/${guid}/shares`,
        headers: walt.headers,
      });
      expect(shares.statusCode).toBe(403);
    });

    it('keeps both writes when two clients edit the same shared book at once', async () => {
      const walt = tokens.walt;
      const fay = tokens.fay;
      expectEmpty200(await ab(fay, 'POST', `/api/ab/tag/add/${guid}`, { name: 'old', color: 1 }));
      expectEmpty200(await ab(fay, 'PUT', `/api/ab/peer/update/${guid}`, { id: '700', tags: ['old'] }));
      const writes = [
        ab(walt, 'PUT', `/api/ab/peer/update/${guid}`, { id: '700', alias: 'walt-alias' }),
        ab(fay, 'PUT', `/api/ab/peer/update/${guid}`, { id: '700', note: 'fay-note' }),
        ab(fay, 'PUT', `/api/ab/tag/rename/${guid}`, { old: 'old', new: 'renamed' }),
        ...Array.from({ length: 8 }, (_, i) =>
          ab(i % 2 ? walt : fay, 'POST', `/api/ab/peer/add/${guid}`, {
            id: `80${i}`,
            alias: `p${i}`,
            tags: [],
          }),
        ),
        ab(walt, 'POST', `/api/ab/tag/add/${guid}`, { name: 'walt-tag', color: 5 }),
        ab(fay, 'POST', `/api/ab/tag/add/${guid}`, { name: 'fay-tag', color: 6 }),
      ];
      for (const res of await Promise.all(writes)) expectEmpty200(res);
      const peers = (await ab(walt, 'POST', `/api/ab/peers?current=1&pageSize=100&ab=${guid}`)).json();
      expect(peers.total).toBe(9);
      expect(peers.data.find((p: { id: string }) => p.id === '700')).toMatchObject({
        alias: 'walt-alias',
        note: 'fay-note',
        tags: ['renamed'],
      });
      const tagNames = (await ab(walt, 'POST', `/api/ab/tags/${guid}`))
        .json()
        .map((x: { name: string }) => x.name);
      expect(tagNames.sort()).toEqual(['fay-tag', 'renamed', 'walt-tag']);
    });

    it('never loses a peer edit that races a tag deletion rewriting every peer, nor a double add', async () => {
      const { walt, fay } = tokens;
      const ids = Array.from({ length: 20 }, (_, i) => `95${i}`);
      expectEmpty200(await ab(fay, 'POST', `/api/ab/tag/add/${guid}`, { name: 'gone', color: 1 }));
      for (const id of ids)
        expectEmpty200(await ab(fay, 'POST', `/api/ab/peer/add/${guid}`, { id, tags: ['gone'] }));
      const results = await Promise.all([
        ab(fay, 'DELETE', `/api/ab/tag/${guid}`, ['gone']),
        ...ids.map((id) =>
          ab(walt, 'PUT', `/api/ab/peer/update/${guid}`, { id, tags: ['gone', 'walt-tag'] }),
        ),
        // Both clients add the same new peer at once, each with its own field.
        ab(walt, 'POST', `/api/ab/peer/add/${guid}`, { id: '999000', alias: 'from walt' }),
        ab(fay, 'POST', `/api/ab/peer/add/${guid}`, { id: '999000', note: 'from fay' }),
      ]);
      for (const res of results) expectEmpty200(res);
      const peers = (await ab(walt, 'POST', `/api/ab/peers?current=1&pageSize=100&ab=${guid}`)).json()
        .data as Array<{
        id: string;
        tags: string[];
        alias: string;
        note: string;
      }>;
      for (const id of ids) expect(peers.find((p) => p.id === id)?.tags, id).toContain('walt-tag');
      expect(peers.find((p) => p.id === '999000')).toMatchObject({ alias: 'from walt', note: 'from fay' });
    });
  });
});
