import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { PeriodicTask } from './periodic-task.ts';

// Issue 13 §6: the heartbeat flush (devices/presence.ts) and the fleet sync (strategies/fleet-sync.ts)
// share this loop; a failing step used to warn on every tick (once a second) in the fleet sync.

const logger = () => {
  const lines: string[] = [];
  const log = {
    warn: (_o: unknown, msg: string) => lines.push(`warn ${msg}`),
    info: (msg: string) => lines.push(`info ${msg}`),
  } as unknown as FastifyBaseLogger;
  return { log, lines };
};

describe('PeriodicTask', () => {
  it('skips ticks while a run is in progress, and run() waits for it then runs again', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const task = new PeriodicTask('step', logger().log, async () => {
      runs++;
      if (runs === 1) await new Promise<void>((r) => (release = r));
    });
    task.tick();
    task.tick();
    task.tick();
    expect(runs).toBe(1);
    const after = task.run();
    release();
    await after;
    expect(runs).toBe(2);
  });

  it('logs a failing step once per outage, says when it works again, and leaves database faults to the tracker', async () => {
    const { log, lines } = logger();
    let fail: Error | undefined = new Error('boom');
    const task = new PeriodicTask('writing things', log, async () => {
      if (fail) throw fail;
    });
    for (let i = 0; i < 5; i++) await task.run();
    expect(lines).toEqual([
      'warn writing things failed; retrying every tick (logged once until it works again)',
    ]);
    fail = undefined;
    await task.run();
    await task.run();
    expect(lines.slice(1)).toEqual(['info writing things: working again']);
    fail = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    await task.run();
    expect(lines).toHaveLength(2);
  });
});
