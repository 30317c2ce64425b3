import { existsSync } from 'node:fs';
import { type BrowserServer, chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM, CHROMIUM_OPTIONS } from './browser/chromium.ts';
import { findPgBin, type PgCluster, startPgCluster } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the run's PostgreSQL cluster, or '' when PostgreSQL is not installed. */
    pgUrl: string;
    /** WebSocket endpoint of the run's Chromium, or '' when Chromium is not installed. */
    chromiumWs: string;
  }
}

let cluster: PgCluster | undefined;

/** One PostgreSQL cluster and one Chromium per test run; each test gets its own schema, each file its contexts. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Started beside PostgreSQL; awaited before either is handed out.
  const launching = existsSync(CHROMIUM) ? chromium.launchServer(CHROMIUM_OPTIONS) : undefined;
  let browser: BrowserServer | undefined;
  const stopBrowser = async () => {
    await (browser ?? (await launching?.catch(() => undefined)))?.close();
  };
  const bin = findPgBin();
  if (!bin) {
    if (process.env.CI)
      throw new Error('PostgreSQL is not installed, and CI must not skip its tests: run .ci/run.');
    console.warn(
      '\n\x1b[33m!!! PostgreSQL binaries not found: the PostgreSQL half of the storage tests is SKIPPED.' +
        ' Install Debian\'s "postgresql" package (bash .ci/run does) to run them. !!!\x1b[0m\n',
    );
    project.provide('pgUrl', '');
    browser = await launching;
    project.provide('chromiumWs', browser?.wsEndpoint() ?? '');
    return stopBrowser;
  }
  try {
    cluster = await startPgCluster(bin);
  } catch (error) {
    await stopBrowser();
    throw error;
  }
  project.provide('pgUrl', cluster.url);
  browser = await launching?.catch((error: unknown) => {
    cluster?.stop();
    throw error;
  });
  project.provide('chromiumWs', browser?.wsEndpoint() ?? '');
  return async () => {
    cluster?.stop();
    await stopBrowser();
  };
}
