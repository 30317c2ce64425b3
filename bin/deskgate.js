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
// Before the server's modules load: loading them is what grows V8's young generation (src/main.ts releases it).
const { holdYoungGeneration } = await import(
  new URL('../dist/server/system/young-generation.js', import.meta.url).href
);
holdYoungGeneration(process.execArgv, process.env.NODE_OPTIONS);
await import(cli.href);
