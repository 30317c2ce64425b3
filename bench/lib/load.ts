import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One load run, described in JSON for bench/load-worker.mjs. */
export interface LoadJob {
  url: string;
  method: 'GET' | 'POST';
  path: string;
  connections: number;
  duration?: number;
  amount?: number;
  /** Requests per second across all connections (a paced load, like a fleet on its timers). */
  overallRate?: number;
  body?: 'heartbeat' | 'sysinfo' | 'none';
  devices?: number;
  first?: number;
  sequential?: boolean;
  cycle?: boolean;
  /** The `modified_at` heartbeats report (spec §5.1); 0, a device that never got a strategy, by default. */
  modifiedAt?: number;
}

export interface LoadResult {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  durationS: number;
}

/** Runs one load job in a separate process (autocannon) and returns its figures. */
export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const { stdout } = await run(
    process.execPath,
    [path.resolve('bench/load-worker.mjs'), JSON.stringify(job)],
    {
      maxBuffer: 1024 * 1024,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as LoadResult;
}

/** The median of several runs' values: these 2-core machines are noisy. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
