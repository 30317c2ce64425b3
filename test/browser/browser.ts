import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { buildTestApp, type TestApp } from '../harness.ts';
import { CHROMIUM, CHROMIUM_OPTIONS } from './chromium.ts';

export { CHROMIUM };

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

/** The run's shared Chromium (test/global-setup.ts), or '' outside Vitest or without one. */
function sharedChromium(): string {
  try {
    return inject('chromiumWs') ?? '';
  } catch {
    return ''; // not in a Vitest worker (npm run bench)
  }
}

/**
 * A browser for one test file: a connection to the run's one Chromium when Vitest started it (a launch costs
 * about a second of CPU, and there are two dozen browser files; each file's contexts are its own, and closing
 * it closes them and disconnects), else a Chromium of its own.
 */
export function launchChromium(): Promise<Browser> {
  const ws = sharedChromium();
  return ws ? chromium.connect(ws) : chromium.launch(CHROMIUM_OPTIONS);
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

/** The main area's first heading (most pages' h1; some settings tabs start at h2), as a CSS selector string. */
const HEADING = JSON.stringify('main :is(h1, h2, h3)');

/**
 * Moves a signed-in console page to `path` as its own links do (history.pushState, then popstate, which React
 * Router follows) instead of loading the whole app again, then waits until the new page has drawn its first
 * heading (a new one, or the same one with a new text) and the network has been quiet for 500 ms. Call
 * watchNetwork(page) before the page's first load.
 */
export async function navigateInApp(page: Page, path: string): Promise<void> {
  watchNetwork(page);
  const target = JSON.stringify(path);
  const here = await page.evaluate<boolean>(`location.pathname + location.search === ${target}`);
  if (!here) {
    // Strings run in the page: the test project has no DOM types.
    const before = await page.evaluate<string>(`(() => {
      const heading = document.querySelector(${HEADING});
      heading?.setAttribute('data-left-behind', '');
      return heading?.textContent ?? '';
    })()`);
    await page.evaluate(
      `history.pushState(null, '', ${target}); dispatchEvent(new PopStateEvent('popstate'))`,
    );
    // Polled with evaluate: waitForFunction evaluates its string with eval, which the console's CSP refuses.
    const drawn = `(() => {
      const heading = document.querySelector(${HEADING});
      if (!heading || location.pathname + location.search !== ${target}) return false;
      return !heading.hasAttribute('data-left-behind') || heading.textContent !== ${JSON.stringify(before)};
    })()`;
    const deadline = Date.now() + 20_000;
    while (!(await page.evaluate<boolean>(drawn))) {
      if (Date.now() > deadline) throw new Error(`${path}: the page did not draw its heading within 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await waitForQuietNetwork(page);
}
