import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { median } from './lib/load.ts';
import { startDeskGate } from './lib/processes.ts';
import type { Figure } from './lib/report.ts';

const run = promisify(execFile);

/**
 * What `npm start` costs on a built checkout (issue 14: it rebuilt everything, 78 s): `npm run prestart` (the
 * stale-build check, scripts/build-if-stale.mjs) plus starting the production server on an existing data
 * directory until it answers; then its resident memory after a few idle seconds.
 */
export async function benchRestart(o: { runs: number; idleSeconds: number }): Promise<Figure[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'deskgate-restart-'));
  try {
    await run('npm', ['run', '--silent', 'prestart']); // builds what is stale, so the runs below time a restart
    await (await startDeskGate({ dataDir })).stop(); // first start: creates the database, the key, the admin
    const times: number[] = [];
    const cpu: number[] = [];
    let rss = 0;
    for (let i = 0; i < o.runs; i++) {
      const started = performance.now();
      const { stdout } = await run('npm', ['run', '--silent', 'prestart']);
      if (!/up to date/.test(stdout))
        throw new Error(`npm start would rebuild first; run npm run build:\n${stdout}`);
      const proc = await startDeskGate({ dataDir });
      times.push(performance.now() - started);
      cpu.push(proc.cpuMs());
      if (i === o.runs - 1) {
        await new Promise((r) => setTimeout(r, o.idleSeconds * 1000));
        rss = proc.rssMb();
      }
      await proc.stop();
    }
    return [
      {
        label: 'restart of a built checkout to ready (npm start)',
        value: median(times) / 1000,
        unit: 's',
        target: { cmp: '<=', value: 5 },
      },
      // What the wall time is made of on an idle machine; on a shared one the wall time is mostly waiting.
      { label: 'server CPU time from exec to ready', value: median(cpu) / 1000, unit: 's' },
      {
        label: `idle RSS after ${o.idleSeconds} s`,
        value: rss,
        unit: 'MB',
        target: { cmp: '<=', value: 120 },
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
