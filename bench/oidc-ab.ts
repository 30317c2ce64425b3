import { parseArgs } from 'node:util';
import { startTestOp } from '../test/op/index.ts';
import { freePort } from '../test/postgres.ts';
import { startDeskGate, stopServersOnExit } from './lib/processes.ts';
import { addProvider, benchMinimalRp, deviceLogin, setUpOp } from './oidc.ts';

stopServersOnExit(); // an interrupted run stops the servers it started

/**
 * `npx tsx bench/oidc-ab.ts --base <checkout> [--logins 100] [--rounds 4] [--concurrency 20]` — CPU per OIDC
 * device login of two builds measured in the same period (issue 14): the built checkout at `--base` (its bin/
 * and dist/, e.g. a copy of main's) and this one, each in its own process against the same test OP, with
 * rounds alternating between them (and the minimal relying party, bench/minimal-rp.mjs) so that the load of
 * a shared machine falls on all alike. CPU is each server's user + system time from /proc over its rounds.
 */
const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    logins: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '20' },
  },
});
if (!values.base) throw new Error('--base <checkout> is required (a directory with bin/ and a built dist/)');
const logins = Number(values.logins);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);
const users = 50;

const op = await startTestOp();
const targets = [
  { name: 'base', server: await startDeskGate({ checkout: values.base }), cpu: 0, n: 0, failures: 0 },
  { name: 'this', server: await startDeskGate(), cpu: 0, n: 0, failures: 0 },
];
try {
  const rpPort = await freePort();
  const issuer = await setUpOp(
    op,
    [...targets.map((t) => `${t.server.url}/api/oidc/callback`), `http://127.0.0.1:${rpPort}/callback`],
    users,
  );
  let seq = 0;
  const batch = async (url: string, count: number) => {
    let failures = 0;
    let left = count;
    const worker = async () => {
      while (left-- > 0) if (!(await deviceLogin(url, op, seq++, users).catch(() => false))) failures++;
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return failures;
  };
  for (const t of targets) {
    await addProvider(t.server.url, issuer);
    await batch(t.server.url, concurrency); // warm-up: first-use compilation, discovery, JWKS
  }
  let rpCpu = 0;
  for (let r = 0; r < rounds; r++) {
    for (const t of r % 2 ? [...targets].reverse() : targets) {
      const before = t.server.cpuMs();
      t.failures += await batch(t.server.url, logins);
      t.cpu += t.server.cpuMs() - before;
      t.n += logins;
      console.log(`round ${r + 1} ${t.name}: ${((t.server.cpuMs() - before) / logins).toFixed(2)} ms/login`);
    }
    const rp = await benchMinimalRp(op, issuer, rpPort, { logins, concurrency }, users);
    rpCpu += rp.cpuPerLogin;
    console.log(`round ${r + 1} minimal RP: ${rp.cpuPerLogin.toFixed(2)} ms/login`);
  }
  const rp = rpCpu / rounds;
  for (const t of targets)
    console.log(
      `${t.name}: ${(t.cpu / t.n).toFixed(2)} ms DeskGate CPU per login over ${t.n} logins (${t.failures} failures), ${(t.cpu / t.n / rp).toFixed(2)}× the minimal RP`,
    );
  console.log(`minimal RP: ${rp.toFixed(2)} ms per login`);
} finally {
  await op.stop();
  for (const t of targets) await t.server.stop();
}
