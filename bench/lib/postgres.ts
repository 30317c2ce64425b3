import pg from 'pg';
import { findPgBin, type PgCluster, startPgCluster } from '../../test/postgres.ts';

let cluster: PgCluster | undefined;

/** A fresh database in a throwaway PostgreSQL cluster (started once per bench run), or undefined without PostgreSQL. */
export async function freshPgDatabase(name: string): Promise<string | undefined> {
  const bin = findPgBin();
  if (!bin) return undefined;
  cluster ??= await startPgCluster(bin);
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
