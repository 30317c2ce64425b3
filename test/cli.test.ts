import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESKGATE, runDeskgate } from './deskgate-command.ts';

const run = (args: string[], env: Record<string, string>) =>
  runDeskgate(args, { ...env, LOG_LEVEL: 'silent' });

describe('deskgate command line', () => {
  it('migrates, resets a password, and refuses a bad setting with one clear line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-cli-'));
    const env = { DESKGATE_DATA_DIR: dir };
    // The bad setting is refused before anything is opened, so it runs beside the others.
    const bad = run(['migrate'], { ...env, PORT: 'eighty' });
    const migrate = await run(['migrate'], env);
    expect(migrate.status).toBe(0);
    expect(migrate.stdout).toMatch(/Applied: 20261124_0001_accounts/);
    expect((await run(['migrate'], env)).stdout).toMatch(/up to date/);

    const reset = await run(['reset-password', 'admin'], env);
    expect(reset.status).toBe(0);
    expect(reset.stdout).toMatch(/New password for "admin": \S{20}/);
    expect((await run(['reset-password', 'nobody'], env)).status).toBe(1);

    expect((await bad).status).toBe(78);
    expect((await bad).stderr.trim()).toBe(
      'Configuration error: PORT must be a whole number from 0 to 65535 (got "eighty").',
    );
    // Five CLI processes: ≈ 30 s on a loaded 2-core machine when each compiles TypeScript through tsx.
  }, 120_000);

  it('serves, prints the console URL and the first admin password once, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-cli-'));
    const start = async () => {
      const child = spawn(process.execPath, [...DESKGATE, 'serve'], {
        env: { ...process.env, DESKGATE_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (out.includes('Storage:') && (out.includes('First start') || out.split('\n').length > 3)) {
            clearInterval(timer);
            setTimeout(resolve, 200);
          }
        }, 50);
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const url = /Console: (\S+)/.exec(out)?.[1] ?? '';
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      return out;
    };
    const first = await start();
    expect(first).toMatch(/Console: http:\/\/127\.0\.0\.1:\d+/);
    expect(first).toMatch(/sign in as "admin" with password \S{20}/);
    const second = await start();
    expect(second).not.toMatch(/password/);
  });
});
