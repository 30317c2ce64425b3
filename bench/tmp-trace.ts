import { benchOidc } from './oidc.ts';

const figures = await benchOidc({
  logins: Number(process.argv[2] ?? 50),
  concurrency: Number(process.argv[3] ?? 10),
  withoutRp: true,
  nodeArgs: (process.argv[4] ?? '/tmp/oidc-cpu/sql-trace.mjs').split(',').flatMap((f) => ['--import', f]),
});
for (const f of figures) console.log(f.label, f.value);
