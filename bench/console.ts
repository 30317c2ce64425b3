import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createDb } from '../src/db/create-db.ts';
import { launchChromium } from '../test/browser/browser.ts';
import { median } from './lib/load.ts';
import { BENCH_ADMIN_PASSWORD, startDeskGate } from './lib/processes.ts';
import type { Figure } from './lib/report.ts';

const CONSOLE_DIR = path.resolve('dist/console');

/** Gzipped bytes of what the browser loads before the first page renders: index.html's scripts and preloads. */
export function initialJsKb(): number {
  const html = readFileSync(path.join(CONSOLE_DIR, 'index.html'), 'utf8');
  const files = new Set(
    [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map(
      (m) => m[1] ?? '',
    ),
  );
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(path.join(CONSOLE_DIR, f))).length;
  return bytes / 1024;
}

/** Inserts `count` users straight into the database, in one transaction (seeding, not the path measured). */
export async function seedUsers(sqlitePath: string, count: number): Promise<void> {
  const db = createDb({ sqlitePath });
  const group = await db.kysely
    .selectFrom('groups')
    .select('id')
    .where('name', '=', 'Default')
    .executeTakeFirstOrThrow();
  const now = Date.now();
  await db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i += 500) {
      const rows = Array.from({ length: Math.min(500, count - i) }, (_, k) => {
        const n = i + k;
        return {
          id: `bench-user-${n}`,
          username: `user${n}`,
          username_key: `user${n}`,
          display_name: `Bench User ${n}`,
          email: `user${n}@bench.example`,
          note: '',
          status: 1,
          is_admin: 0,
          group_id: group.id,
          password_hash: null,
          created_at: now - n,
          last_login_at: null,
        };
      });
      await trx.insertInto('users').values(rows).execute();
    }
  });
  await db.close();
}

/**
 * Console: initial JS size, and the Users page with `users` users rendering its first (server-side) page
 * in headless Chromium — time from navigation to the first row of the table on screen.
 */
export async function benchConsole(o: { users: number; runs: number }): Promise<Figure[]> {
  const server = await startDeskGate();
  try {
    await seedUsers(path.join(server.dataDir, 'deskgate.db'), o.users);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill(BENCH_ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('link', { name: 'Users' }).waitFor();
      const firstRow = () =>
        page.getByRole('link', { name: o.users ? 'user0' : 'admin', exact: true }).waitFor();
      // A full page load (bundle from cache, session check, first page of users) ...
      const loads: number[] = [];
      for (let r = 0; r < o.runs + 1; r++) {
        const started = performance.now();
        await page.goto(`${server.url}/users`);
        await firstRow();
        // The first navigation warms Chromium's cache of the bundle, as for an admin who is already signed in.
        if (r > 0) loads.push(performance.now() - started);
      }
      // ... and the Users link clicked inside the running console (the page's own code and its query).
      const clicks: number[] = [];
      for (let r = 0; r < o.runs; r++) {
        await page.getByRole('link', { name: 'Dashboard' }).click();
        await page.getByRole('link', { name: 'user0', exact: true }).waitFor({ state: 'detached' });
        const started = performance.now();
        await page.getByRole('link', { name: 'Users' }).click();
        await firstRow();
        clicks.push(performance.now() - started);
      }
      return [
        {
          label: 'initial console JS (gzipped)',
          value: initialJsKb(),
          unit: 'KB',
          target: { cmp: '<=', value: 250 },
        },
        {
          label: `Users page, ${o.users} users: full page load to first page`,
          value: median(loads),
          unit: 'ms',
          target: { cmp: '<=', value: 300 },
        },
        {
          label: `Users page, ${o.users} users: opened from the menu`,
          value: median(clicks),
          unit: 'ms',
          target: { cmp: '<=', value: 300 },
        },
      ];
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop();
  }
}
