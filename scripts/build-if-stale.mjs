#!/usr/bin/env node
// `npm start` runs this first (prestart): it rebuilds the server and/or the console only when a source file is
// newer than what was built from it (issue 14: rebuilding both on every start made a restart take 78 s on two
// cores while the server itself starts in 3 s). `npm install` builds both once through the `prepare` script.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** The newest modification time (ms) of a file or of anything below a directory; 0 when absent. */
export function newestMtime(target, skip = () => false) {
  if (!existsSync(target) || skip(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  // Directories' own times are ignored: adding a test file is no reason to rebuild (a deleted source that
  // mattered breaks the files importing it, which changed too).
  let newest = 0;
  for (const entry of readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry), skip));
  return newest;
}

const at = (...p) => path.join(root, ...p);
const consoleDir = at('src', 'console');
const inputs = {
  server: {
    sources: [at('src'), at('tsconfig.server.json'), at('tsconfig.base.json'), at('package-lock.json')],
    skip: (p) => p === consoleDir || p.endsWith('.test.ts'),
    output: at('dist', 'server', 'cli.js'),
    script: 'build:server',
  },
  console: {
    sources: [
      consoleDir,
      at('src', 'shared'),
      at('vite.config.ts'),
      at('tsconfig.console.json'),
      at('package-lock.json'),
    ],
    skip: (p) => p.endsWith('.test.ts') || p.endsWith('.test.tsx'),
    output: at('dist', 'console', 'index.html'),
    script: 'build:console',
  },
};

/** Which parts must be (re)built: missing, or older than one of their sources. */
export function staleParts() {
  return Object.entries(inputs)
    .filter(([, part]) => {
      if (!existsSync(part.output)) return true;
      const built = statSync(part.output).mtimeMs;
      return part.sources.some((s) => newestMtime(s, part.skip) > built);
    })
    .map(([name]) => name);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const stale = staleParts();
  if (stale.length === 0) {
    console.log('DeskGate is built and up to date.');
  } else {
    for (const name of stale) {
      console.log(`Building the ${name} (sources changed since the last build)…`);
      // A production build whoever runs this: under Vitest (the restart benchmark's `npm start`) NODE_ENV is
      // `test`, and Vite then bundles React's development build — 970 KB instead of 741, twice as slow a page.
      execFileSync('npm', ['run', '--silent', inputs[name].script], {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, NODE_ENV: 'production' },
      });
    }
  }
}
