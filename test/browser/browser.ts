import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
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
