import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/main.ts';
import { launchChromium } from '../test/browser/browser.ts';
import { consolePages, seedSampleData } from '../test/sample-data.ts';

// `npm run screenshots`: every console page at 1440×900 and 390×844, in English and Japanese, as PNGs in
// screenshots/ (git-ignored), so anyone can look at the whole console in a minute. It builds nothing:
// run `npm run build:console` first. DeskGate runs in this process on a throw-away SQLite database,
// seeded with the sample data the browser tests use.

const OUT = path.resolve('screenshots');
const CONSOLE_DIR = path.resolve('dist/console');
const PASSWORD = 'screenshots-admin-password';
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];
const LOCALES = ['en-US', 'ja-JP'];

/** `/settings/oidc/providers/<uuid>` → `settings-oidc-providers-id`: stable names across runs. */
const fileName = (route: string) =>
  route
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'id')
    .replace(/[/?=]+/g, '-')
    .replace(/^-|-$/g, '') || 'dashboard';

async function shoot(page: Page, dir: string, name: string) {
  await page.waitForLoadState('networkidle');
  await page
    .locator('h1')
    .first()
    .waitFor({ timeout: 10_000 })
    .catch(() => undefined);
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

async function main() {
  if (!existsSync(path.join(CONSOLE_DIR, 'index.html'))) {
    console.error('No built console in dist/console: run `npm run build:console` first.');
    process.exit(1);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'deskgate-screenshots-'));
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DESKGATE_DATA_DIR: dataDir,
      DESKGATE_ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
    },
    { consoleDir: CONSOLE_DIR },
  );
  const app = await startServer(config, () => undefined);
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const browser = await launchChromium();
  let count = 0;
  try {
    const data = await seedSampleData(app, url, PASSWORD);
    for (const locale of LOCALES) {
      for (const viewport of VIEWPORTS) {
        const dir = path.join(OUT, `${locale.slice(0, 2)}-${viewport.width}`);
        mkdirSync(dir, { recursive: true });
        const context = await browser.newContext({ locale, viewport });
        const page = await context.newPage();
        await page.goto(`${url}/login`);
        await shoot(page, dir, 'login');
        count++;
        await page.locator('input[autocomplete="username"]').fill('admin');
        await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
        await page.locator('button[type="submit"]').click();
        // Signed in: the console's header (the login page has none).
        await page.locator('header').waitFor();
        for (const route of consolePages(data)) {
          await page.goto(`${url}${route}`);
          await shoot(page, dir, fileName(route));
          count++;
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`${count} screenshots in ${path.relative(process.cwd(), OUT)}/<language>-<width>/`);
  process.exit(0);
}

await main();
