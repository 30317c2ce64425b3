import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Tests run against real parts (SQLite, PostgreSQL, an OpenID Provider process, Chromium), so they get generous
// timeouts. Files run in parallel forks: Vitest's default (cores − 1) is ONE fork on the 2-core CI machine, which
// ran the 109 files one after another although most of their time is spent waiting (on Chromium, spawned
// processes, the network going quiet), so at least two. The slowest files start first (Vitest's default order,
// from the durations of the last run).
export default defineConfig({
  // The console's components (TSX) as the console's build compiles them, for the tests that render them directly.
  esbuild: { jsx: 'automatic' },
  test: {
    // Console components rendered directly are tested in TSX (type-checked with the console's own config).
    include: ['src/**/*.test.ts', 'src/console/**/*.test.tsx', 'test/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    globalSetup: ['test/global-setup.ts'],
    // Room for a loaded 2-core machine, where a browser test or a beforeAll starting a server, Chromium and an OP
    // took over a minute; a passing test costs no more for it. (Hooks no longer set a shorter limit of their own.)
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll gives up after 1 s by default, while a page's own waits allow 20 s: on a loaded 2-core machine
    // a query's answer can take longer than a second to show, so a poll failed where a locator wait would not.
    // A poll that is satisfied returns at once, so the longer limit only costs time on a real failure.
    expect: { poll: { timeout: 20_000 } },
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default'],
  },
});
