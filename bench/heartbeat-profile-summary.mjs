// Sums a .cpuprofile's self time by function and by file/package (bench/heartbeat-cpu.ts writes them):
// `node bench/heartbeat-profile-summary.mjs file.cpuprofile [rows] [requests]`; with the number of requests the
// profiled run served (bench/heartbeat-cpu.ts prints it), each line also says how many µs per request it took.
import { readFileSync } from 'node:fs';

const [file, rowsArg, requestsArg] = process.argv.slice(2);
const rows = Number(rowsArg ?? 40);
const requests = Number(requestsArg ?? 0);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
// The profiler's own work (writing the profile when it stops, bench/heartbeat-profiler.mjs) is left out.
const profilerOwn = new Set();
const markProfiler = (node, inside) => {
  const here = inside || node.callFrame.url === 'node:inspector';
  if (here) profilerOwn.add(node.id);
  for (const child of node.children ?? []) markProfiler(byId.get(child), here);
};
markProfiler(profile.nodes[0], false);
const self = new Map();
profile.samples.forEach((id, i) => {
  if (!profilerOwn.has(id)) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

const where = (url) => {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = url.indexOf('/dist/server/');
  if (dist >= 0) return url.slice(dist + 13);
  return url.replace(/^file:\/\//, '');
};
const byFunction = new Map();
const byFile = new Map();
let total = 0;
let idle = 0;
for (const [id, us] of self) {
  const { callFrame } = byId.get(id);
  total += us;
  if (callFrame.functionName === '(idle)') idle += us;
  const w = where(callFrame.url);
  const fn = `${callFrame.functionName || '(anonymous)'}  ${w}:${callFrame.lineNumber + 1}`;
  if (callFrame.functionName !== '(idle)') byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  if (callFrame.functionName !== '(idle)') byFile.set(w, (byFile.get(w) ?? 0) + us);
}
const busy = total - idle;
const print = (title, map) => {
  const perRequest = requests ? `, ${(busy / requests).toFixed(1)} µs per request` : '';
  console.log(
    `\n${title} (share of busy time, ${(busy / 1000).toFixed(0)} ms busy${perRequest}, ${(idle / 1000).toFixed(0)} ms idle)`,
  );
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    const each = requests ? `${(us / requests).toFixed(2).padStart(6)} µs  ` : '';
    console.log(`${((100 * us) / busy).toFixed(1).padStart(5)} %  ${each}${k}`);
  }
};
print('Self time by file or package', byFile);
print('Self time by function', byFunction);
