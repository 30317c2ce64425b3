import type { TestProject } from 'vitest/node';
import { findPgBin, type PgCluster, startPgCluster } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the run's PostgreSQL cluster, or '' when PostgreSQL is not installed. */
    pgUrl: string;
  }
}

let cluster: PgCluster | undefined;

/** One PostgreSQL cluster per test run; each test gets its own schema in it. */
export async function setup(project: TestProject): Promise<() => void> {
  const bin = findPgBin();
  if (!bin) {
    if (process.env.CI)
      throw new Error('PostgreSQL is not installed, and CI must not skip its tests: run .ci/run.');
    console.warn(
      '\n\x1b[33m!!! PostgreSQL binaries not found: the PostgreSQL half of the storage tests is SKIPPED.' +
        ' Install Debian\'s "postgresql" package (bash .ci/run does) to run them. !!!\x1b[0m\n',
    );
    project.provide('pgUrl', '');
    return () => {};
  }
  cluster = await startPgCluster(bin);
  project.provide('pgUrl', cluster.url);
  return () => cluster?.stop();
}
