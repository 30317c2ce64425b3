import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stopServersOnExit } from './lib/processes.ts';
import { benchOidc } from './oidc.ts';

stopServersOnExit(); // an interrupted run stops the servers it started

/**
 * `npx tsx bench/oidc-profile.ts [--logins 200] [--top 40]` — runs the OIDC device-login benchmark against a
 * DeskGate started with `--cpu-prof` and prints the self-time of the measured logins by function and by
 * file (issue 14). Samples before the first device login (start-up, adding the provider) are left out.
 */
const { values } = parseArgs({
  options: { logins: { type: 'string', default: '200' }, top: { type: 'string', default: '40' } },
});
const logins = Number(values.logins);
const top = Number(values.top);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-prof-'));
try {
  const figures = await benchOidc({
    logins,
    concurrency: 10,
    withoutRp: true,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  for (const f of figures)
    if (!Number.isNaN(f.value)) console.log(`${f.label}: ${f.value.toFixed(2)} ${f.unit}`);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  printProfile(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function printProfile(profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inStack = (id: number, needle: string) => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      if (byId.get(at)?.callFrame.url.includes(needle)) return true;
    return false;
  };
  const start = profile.samples.findIndex((id) => inStack(id, 'oidc-device-login'));
  const self = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  for (let i = Math.max(start, 0); i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i] as number);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const url = node.callFrame.url
      .replace(/^file:\/\/.*?node_modules\//, '')
      .replace(/^file:\/\/.*?\/dist\//, '');
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`;
    self.set(fn, (self.get(fn) ?? 0) + us);
    const key = url.startsWith('server/')
      ? url
      : url
          .split('/')
          .slice(0, url.startsWith('@') ? 2 : 1)
          .join('/');
    files.set(key || node.callFrame.functionName, (files.get(key || node.callFrame.functionName) ?? 0) + us);
  }
  const print = (title: string, m: Map<string, number>) => {
    console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms busy)`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(
        `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`,
      );
  };
  print('self time by function', self);
  print('self time by package / file', files);
}
