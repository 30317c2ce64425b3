import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { findPgBin, type PgCluster, startPgCluster } from '../../test/postgres.ts';
import { pinnedCores } from './wrk.ts';

let cluster: PgCluster | undefined;

/**
 * Pins every process of the cluster listening on `port` to `cpu`; backends forked later inherit the postmaster's
 * affinity. Unpinned, PostgreSQL's backends were woken on the server's core and took CPU from the server under
 * test, so the PostgreSQL figure measured both (issue 14). Best effort: without pgrep the cluster stays unpinned.
 */
function pinCluster(port: string, cpu: string): void {
  const pids = (args: string[]) => execFileSync('pgrep', args, { encoding: 'utf8' }).trim().split('\n');
  try {
    for (const postmaster of pids(['-f', '--', `bin/postgres .*-p ${port} `])) {
      execFileSync('taskset', ['-a', '-p', '-c', cpu, postmaster], { stdio: 'ignore' });
      for (const child of pids(['-P', postmaster]))
        execFileSync('taskset', ['-a', '-p', '-c', cpu, child], { stdio: 'ignore' });
    }
  } catch {
    // not pinned: the figures then include PostgreSQL's share of the server's core, as before
  }
}

/** A fresh database in a throwaway PostgreSQL cluster (started once per bench run), or undefined without PostgreSQL. */
export async function freshPgDatabase(name: string): Promise<string | undefined> {
  const bin = findPgBin();
  if (!bin) return undefined;
  if (!cluster) {
    cluster = await startPgCluster(bin);
    // With the load generator, away from the server under test.
    const cores = pinnedCores();
    if (cores) pinCluster(new URL(cluster.url).port, cores.load);
  }
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  await client.query(`drop database if exists ${name}`);
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return url.toString();
}

export function stopPg(): void {
  cluster?.stop();
  cluster = undefined;
}
