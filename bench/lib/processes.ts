import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../test/postgres.ts';

/** A server process the benchmark started, with the readings taken from /proc. */
export interface Proc {
  url: string;
  pid: number;
  /** Resident set size in MB, now. */
  rssMb(): number;
  /** User + system CPU time in ms spent so far. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export const BENCH_ADMIN_PASSWORD = 'bench-admin-password';
// Linux reports CPU times in clock ticks; 100 per second on every kernel these machines run.
const CLOCK_TICKS_PER_S = 100;

function procReadings(pid: number) {
  return {
    rssMb() {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : Number.NaN;
    },
    cpuMs() {
      // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
    },
  };
}

async function waitForReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output()}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not become ready within 30 s:\n${output()}`);
}

/** Servers started and not yet stopped: a bench stopped half-way (Ctrl-C, SIGTERM) takes them with it. */
const running = new Set<ChildProcess>();

function killRunning(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/**
 * For a bench's entry point (bench/run.ts, the profile scripts), not for code run inside Vitest: without it a
 * bench interrupted mid-run left its DeskGate listening, and the next run shared the cores with it (a fleet
 * run skewed that way, issue 14's fifth pass).
 */
export function stopServersOnExit(): void {
  process.once('exit', killRunning);
  // process.exit runs the 'exit' listener above; a signal with no listener would end the process without it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
}

function track(child: ChildProcess, url: string, cleanup: () => void): Proc {
  if (!child.pid) throw new Error('could not start the server process');
  const pid = child.pid;
  running.add(child);
  child.once('exit', () => running.delete(child));
  return {
    url,
    pid,
    ...procReadings(pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          cleanup();
          return resolve();
        }
        child.once('exit', () => {
          cleanup();
          resolve();
        });
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** DeskGate as users run it: the production build (`node bin/deskgate.js serve`) in its own process. */
export async function startDeskGate(
  opts: {
    databaseUrl?: string;
    dataDir?: string;
    port?: number;
    publicUrl?: string;
    secretKey?: string;
    /** Node flags for the server process, e.g. `['--cpu-prof']` to profile it under load. */
    nodeArgs?: string[];
    /** Pin the server to these CPUs (`taskset -c`), e.g. '1' while wrk runs on '0'. */
    cpu?: string | undefined;
    /** More environment variables for the server process (e.g. bench/heartbeat-profiler.mjs's). */
    env?: Record<string, string>;
    /** Another built checkout to run (its bin/ and dist/), e.g. the baseline of an A/B comparison. */
    checkout?: string;
  } = {},
): Promise<Proc & { dataDir: string; output(): string }> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'deskgate-bench-'));
  const url = `http://127.0.0.1:${port}`;
  const [cmd, ...args] = pinned(opts.cpu, [
    process.execPath,
    ...(opts.nodeArgs ?? []),
    path.join(opts.checkout ?? '.', 'bin/deskgate.js'),
    'serve',
  ]);
  const child = spawn(cmd as string, args, {
    env: {
      PATH: process.env.PATH ?? '',
      ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
      PORT: String(port),
      HOST: '127.0.0.1',
      DESKGATE_DATA_DIR: dataDir,
      DESKGATE_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
      ...(opts.publicUrl ? { DESKGATE_PUBLIC_URL: opts.publicUrl } : {}),
      ...(opts.secretKey ? { DESKGATE_SECRET_KEY: opts.secretKey } : {}),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-4000);
  });
  child.stderr?.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-4000);
  });
  await waitForReady(url, child, () => out);
  const removeDir = () => {
    if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  return { ...track(child, url, removeDir), dataDir, output: () => out };
}

/** `taskset -c <cpu> …` when a CPU is given (taskset execs the command, so the pid is the server's). */
function pinned(cpu: string | undefined, command: string[]): string[] {
  return cpu ? ['taskset', '-c', cpu, ...command] : command;
}

/**
 * The platform ceiling: a bare Fastify route answering {"ok":true} on the same Node; or, with `script`, another
 * server of that kind (bench/shaped-server.mjs: Fastify set up as DeskGate sets it up).
 */
export async function startBaseline(
  cpu?: string,
  opts: { nodeArgs?: string[]; env?: Record<string, string>; script?: string } = {},
): Promise<Proc> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const [cmd, ...args] = pinned(cpu, [
    process.execPath,
    ...(opts.nodeArgs ?? []),
    path.resolve(opts.script ?? 'bench/baseline-server.mjs'),
    String(port),
  ]);
  const child = spawn(cmd as string, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}),
  });
  await waitForReady(url, child, () => '');
  return track(child, url, () => {});
}

/** bench/minimal-rp.mjs: Fastify + openid-client doing the code flow against `issuer`, nothing stored. */
export async function startMinimalRp(port: number, issuer: string): Promise<Proc> {
  const url = `http://127.0.0.1:${port}`;
  const args = [path.resolve('bench/minimal-rp.mjs'), String(port), issuer, 'deskgate-bench', 'bench-secret'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForReady(url, child, () => '');
  return track(child, url, () => {});
}
