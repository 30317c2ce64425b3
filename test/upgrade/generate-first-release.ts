// Generates test/upgrade/first-release.json: the schema and data of DeskGate's first release (the migrations on
// main at commit 04a6783, up to 20261202_0104), made by driving that release through its own API the way the
// console and the RustDesk client do. Run ONLY on a checkout of that commit (the committed JSON is the fixture;
// re-running it on a later schema would make a fixture of that later schema instead):
//   git worktree add /tmp/first-release 04a6783 && cd /tmp/first-release && npx tsx test/upgrade/generate-first-release.ts
import { writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { bootstrapAccounts } from '../../src/accounts/index.ts';
import { buildApp } from '../../src/app.ts';
import { createDb } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { insertProvider } from '../../src/sso/providers.repo.ts';
import { clientLogin, createGroup, createUser } from '../address-books.ts';
import { registerDevice } from '../devices.ts';
import { ADMIN_PASSWORD, signIn, testConfig } from '../harness.ts';
import { FIRST_RELEASE_KEY, FIRST_RELEASE_MIGRATIONS } from './first-release.ts';

const db = createDb({ sqlitePath: ':memory:' });
const applied = await migrateToLatest(db.kysely);
if (applied.join() !== FIRST_RELEASE_MIGRATIONS.join()) {
  throw new Error(`Not the first release's migrations: ${applied.join(', ')}`);
}
await bootstrapAccounts(db.kysely, ADMIN_PASSWORD);
const config = testConfig({ secretKey: Buffer.from(FIRST_RELEASE_KEY, 'hex') });
const app = await buildApp(config, { db, logger: false });
await app.ready();
const admin = await signIn(app);
const ok = async (res: { statusCode: number; body: string }, what: string) => {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
};

const sales = await createGroup(app, admin, 'Sales');
await createGroup(app, admin, '営業部');
for (const name of ['alice', 'bob', 'carol']) await createUser(app, admin, name, { groupId: sales });
await createUser(app, admin, 'dave');
const provider = await insertProvider(db.kysely, config.secretKey, {
  name: 'entra',
  type: 'entra',
  clientId: 'deskgate-client',
  clientSecret: 'first-release-client-secret',
  issuer: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0',
} as Parameters<typeof insertProvider>[2]);
const alice = await db.kysely
  .selectFrom('users')
  .select('id')
  .where('username', '=', 'alice')
  .executeTakeFirstOrThrow();
await db.kysely
  .insertInto('identities')
  .values({
    id: 'identity-alice',
    provider_id: provider.id,
    issuer: provider.issuer,
    subject: 'alice-subject',
    user_id: alice.id,
    tenant_id: '00000000-0000-0000-0000-000000000001',
    object_id: 'alice-oid',
    email: 'alice@example.com',
    created_at: 1_764_600_000_000,
    last_login_at: 1_764_600_100_000,
  })
  .execute();
for (let i = 0; i < 12; i++)
  await registerDevice(app, `10000000${i}`, Buffer.from(`uuid-${i}`).toString('base64'));
const token = await clientLogin(app, 'alice', 'alice-password', '100000001');
await ok(
  await app.inject({
    method: 'POST',
    url: '/api/heartbeat',
    payload: { id: '100000002', uuid: Buffer.from('uuid-2').toString('base64'), ver: 1, modified_at: 0 },
  }),
  'heartbeat',
);
await app.devicePresence.flush();
await ok(
  await app.inject({
    method: 'POST',
    url: '/api/console/address-books',
    headers: admin.headers,
    payload: { name: 'Servers', note: 'prod' },
  }),
  'address book',
);
await ok(
  await app.inject({
    method: 'POST',
    url: '/api/console/device-groups',
    headers: admin.headers,
    payload: { name: 'Kiosks' },
  }),
  'device group',
);
await ok(
  await app.inject({
    method: 'POST',
    url: '/api/console/auth/login',
    payload: { username: 'bob', password: 'nope-nope' },
  }),
  'failed login',
).catch(() => {}); // a failed sign-in on purpose: the audit trail and the throttle keep it
await ok(
  await app.inject({
    method: 'POST',
    url: '/api/audit/conn',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: {
      id: '100000001',
      uuid: Buffer.from('uuid-1').toString('base64'),
      action: 'new',
      conn_id: 7,
      peer: ['200000000', 'pc'],
      session_id: 1,
      type: 0,
    },
  }),
  'audit upload',
).catch((err) => console.warn(String(err)));

const tables = (
  await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%' order by rowid`.execute(
    db.kysely,
  )
).rows.map((r) => r.name);
const data: Record<string, unknown[]> = {};
for (const table of tables) {
  data[table] = (await sql`select * from ${sql.table(table)}`.execute(db.kysely)).rows;
}
await app.close();
await db.close();
writeFileSync(
  new URL('./first-release.json', import.meta.url),
  `${JSON.stringify({ migrations: FIRST_RELEASE_MIGRATIONS, tables: data }, null, 1)}\n`,
);
console.log(
  Object.entries(data)
    .map(([t, rows]) => `${t}: ${rows.length}`)
    .join('\n'),
);
