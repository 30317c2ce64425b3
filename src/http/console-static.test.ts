import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/harness.ts';

/** A DeskGate serving a console build made of `files` (path → content) for this describe block. */
function consoleApp(files: Record<string, string>): () => TestApp {
  let t: TestApp | undefined;
  let consoleDir = '';
  beforeAll(async () => {
    consoleDir = mkdtempSync(path.join(tmpdir(), 'deskgate-console-'));
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(consoleDir, file)), { recursive: true });
      writeFileSync(path.join(consoleDir, file), content);
    }
    t = await buildTestApp('sqlite', { consoleDir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });
  return () => {
    if (!t) throw new Error('the app is not built yet');
    return t;
  };
}

// Issue 14: a reload of the console revalidated every hashed script and stylesheet (max-age=0), one round
// trip each before the page could start. Hashed assets are now cached for good; index.html never is.
describe('console files: caching', () => {
  const app = consoleApp({
    'index.html': '<!doctype html><div id="root"></div>',
    'assets/index-AbC123.js': 'export {};',
  });

  it('keeps a hashed asset for a year without asking again', async () => {
    const res = await app().app.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/', '/index.html', '/users', '/users/some/deep/link'])(
    'asks for %s anew each time',
    async (url) => {
      const res = await app().app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
    },
  );
});

// Issue 14: a reload of /users asked for its chunks and its first data only once the console's script ran.
describe('console files: a page preloaded in its HTML', () => {
  const app = consoleApp({
    'index.html': '<!doctype html><head></head><div id="root"></div>',
    '.vite/manifest.json': JSON.stringify({
      'index.html': { file: 'assets/index-E.js', isEntry: true },
      'pages/Users/index.tsx': { file: 'assets/index-U.js', imports: ['index.html'] },
    }),
  });

  it('names the Users chunk and first data to a signed-in browser', async () => {
    const res = await app().app.inject({ method: 'GET', url: '/users', cookies: { deskgate_session: 'x' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.vary).toMatch(/cookie/i);
    expect(res.body).toContain('<link rel="modulepreload" crossorigin href="/assets/index-U.js">');
    expect(res.body).toContain('href="/api/console/users?page=1&amp;pageSize=20');
  });

  it('serves the plain page without a session, and to other pages', async () => {
    for (const [url, cookies] of [
      ['/users', {}],
      ['/devices', { deskgate_session: 'x' }],
    ] as const) {
      const res = await app().app.inject({ method: 'GET', url, cookies });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('preload');
    }
  });
});
