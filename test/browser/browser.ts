import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildTestApp, type TestApp } from '../harness.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether browser tests can run; CI must have Chromium (bash .ci/run installs it). */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI)
    throw new Error('Chromium is missing in CI: /usr/bin/chromium (Debian package "chromium").');
  console.warn(
    '\n\x1b[33m!!! /usr/bin/chromium not found: browser tests are SKIPPED. Install Debian\'s "chromium". !!!\x1b[0m\n',
  );
  return false;
}

/** Headless Debian Chromium; background networking off, or it stalls on this closed network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A real listening DeskGate serving the built console (npm test builds it first). */
export async function startConsoleServer(): Promise<TestApp & { url: string }> {
  const consoleDir = path.resolve('dist/console');
  if (!existsSync(path.join(consoleDir, 'index.html')))
    throw new Error('Build the console first: npm run build:console');
  const t = await buildTestApp('sqlite', { consoleDir });
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...t, url: address };
}

/** Requests a page has in flight and when the last one started or ended, for `waitForQuietNetwork`. */
const networks = new WeakMap<Page, { inFlight: number; last: number }>();

/** Starts counting the page's requests (call it before the page loads anything; later calls are no-ops). */
export function watchNetwork(page: Page): { inFlight: number; last: number } {
  let network = networks.get(page);
  if (!network) {
    const n = { inFlight: 0, last: Date.now() };
    page.on('request', () => {
      n.inFlight++;
      n.last = Date.now();
    });
    const end = () => {
      n.inFlight = Math.max(0, n.inFlight - 1);
      n.last = Date.now();
    };
    page.on('requestfinished', end);
    page.on('requestfailed', end);
    networks.set(page, n);
    network = n;
  }
  return network;
}

/** No request in flight for `quietMs` — what waitForLoadState('networkidle') means, after an in-app move too. */
export async function waitForQuietNetwork(page: Page, quietMs = 500, timeoutMs = 20_000): Promise<void> {
  const network = watchNetwork(page);
  const deadline = Date.now() + timeoutMs;
  while (network.inFlight > 0 || Date.now() - network.last < quietMs) {
    if (Date.now() > deadline)
      throw new Error(
        `${page.url()}: network not quiet after ${timeoutMs} ms (${network.inFlight} in flight)`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Moves a signed-in console page to `path` as its own links do (history.pushState, then popstate, which React
 * Router follows) instead of loading the whole app again, then waits until the new page has drawn its h1 (a new
 * one, or the same one with a new text) and the network has been quiet for 500 ms. Call watchNetwork(page)
 * before the page's first load.
 */
export async function navigateInApp(page: Page, path: string): Promise<void> {
  watchNetwork(page);
  const target = JSON.stringify(path);
  const here = await page.evaluate<boolean>(`location.pathname + location.search === ${target}`);
  if (!here) {
    // Strings run in the page: the test project has no DOM types.
    const before = await page.evaluate<string>(`(() => {
      const h1 = document.querySelector('h1');
      h1?.setAttribute('data-left-behind', '');
      return h1?.textContent ?? '';
    })()`);
    await page.evaluate(
      `history.pushState(null, '', ${target}); dispatchEvent(new PopStateEvent('popstate'))`,
    );
    await page.waitForFunction(`(() => {
      const h1 = document.querySelector('h1');
      if (!h1 || location.pathname + location.search !== ${target}) return false;
      return !h1.hasAttribute('data-left-behind') || h1.textContent !== ${JSON.stringify(before)};
    })()`);
  }
  await waitForQuietNetwork(page);
  await page.locator('h1').first().waitFor();
}
