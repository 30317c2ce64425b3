import { execFile } from 'node:child_process';
import path from 'node:path';
import { staleParts } from '../scripts/build-if-stale.mjs';

/**
 * The Node arguments that run the `deskgate` command: the production entry point (bin/deskgate.js → dist/server)
 * when that build is up to date — `npm test` builds it before Vitest starts, and it starts on about a third of the
 * CPU that tsx needs to compile the sources — otherwise src/cli.ts through tsx, so a run without a build still
 * tests the code as it is.
 */
export const DESKGATE: string[] = staleParts().includes('server')
  ? ['--import', 'tsx', path.resolve('src/cli.ts')]
  : [path.resolve('bin/deskgate.js')];

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `deskgate <args>` to its end (at most 60 s) with `env` added; never rejects, the exit status tells. */
export function runDeskgate(args: string[], env: Record<string, string>): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...DESKGATE, ...args],
      { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? Reflect.get(error, 'code') : 0;
        resolve({ status: typeof code === 'number' ? code : null, stdout, stderr });
      },
    );
  });
}
