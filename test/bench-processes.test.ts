import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, test } from 'vitest';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// A bench stopped half-way used to leave its servers listening (bench/lib/processes.ts).
describe('bench processes', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)(
    'a bench stopped by %s stops the servers it started',
    async (signal) => {
      const script = `
      import { startBaseline, stopServersOnExit } from './bench/lib/processes.ts';
      stopServersOnExit();
      const server = await startBaseline();
      console.log(server.pid);
      setInterval(() => {}, 1000);`;
      const bench = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const [line] = (await once(bench.stdout, 'data')) as [Buffer];
      const serverPid = Number(line.toString().trim());
      expect(alive(serverPid)).toBe(true);
      bench.kill(signal);
      await once(bench, 'exit');
      const deadline = Date.now() + 5000;
      while (alive(serverPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(alive(serverPid)).toBe(false);
    },
    60_000,
  );
});
