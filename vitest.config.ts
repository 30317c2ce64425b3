import { defineConfig } from 'vitest/config';

// Tests run against real parts (SQLite, PostgreSQL, an OpenID Provider process, Chromium),
// so they get generous timeouts; files run in parallel forks across the two cores.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
