#!/usr/bin/env node
// Entry point of the `deskgate` command: runs the compiled server (npm run build produces it).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/server/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'DeskGate is not built yet. Run `npm run build` (or `npm start`, which builds first).\n',
  );
  process.exit(1);
}
await import(cli.href);
