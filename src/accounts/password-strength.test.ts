import { describe, expect, it } from 'vitest';
import { judgePassword, passwordChecker } from './password-strength.ts';

// zxcvbn's dictionaries are ≈ 24 MB of heap: they live in a worker that ends when no check comes for a while,
// not in the server process for good (issue 14: the fleet benchmark's RSS).
describe('the password checker', () => {
  it('keeps the dictionaries out of the server thread', async () => {
    const before = process.memoryUsage().heapUsed;
    expect((await judgePassword('password1')).ok).toBe(false);
    expect((await judgePassword('violet meadow kettle orbit')).ok).toBe(true);
    // Built here, the dictionaries alone would add ≈ 24 MB of live objects to this thread's heap.
    expect((process.memoryUsage().heapUsed - before) / 1048576).toBeLessThan(12);
  });

  it('ends its worker at once when released (after the start-up check)', async () => {
    await judgePassword('hunter22');
    expect(passwordChecker.running()).toBe(true);
    passwordChecker.release();
    expect(passwordChecker.running()).toBe(false);
    expect((await judgePassword('violet meadow kettle orbit')).ok).toBe(true);
  });

  it('ends its worker when idle, and starts one again for the next check', async () => {
    passwordChecker.setIdleMs(50);
    try {
      await judgePassword('hunter22');
      expect(passwordChecker.running()).toBe(true);
      await expect.poll(() => passwordChecker.running(), { timeout: 5000 }).toBe(false);
      const again = await judgePassword('alicealice', ['alice']);
      expect(again).toMatchObject({ ok: false });
      expect(again.reason).not.toBe('');
    } finally {
      passwordChecker.setIdleMs(30_000);
    }
  });
});
