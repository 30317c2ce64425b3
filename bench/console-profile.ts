import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/browser/browser.ts';
import { seedUsers } from './console.ts';
import { BENCH_ADMIN_PASSWORD, startDeskGate, stopServersOnExit } from './lib/processes.ts';

stopServersOnExit(); // an interrupted run stops the servers it started

/**
 * Where a full reload of the Users page spends its time: every request with its start and end (ms after
 * navigation), Chromium's scripting/layout CPU for the reload, and the server's CPU for it.
 * `npx tsx bench/console-profile.ts [users] [runs]`; prints one waterfall and the medians.
 */
/** CPU ms (user + system) of this process's descendants: Chromium's browser, renderer, GPU and network processes. */
function chromiumCpuMs(): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  const isOurs = (pid: number): boolean => {
    for (let p = stats.get(pid)?.ppid; p !== undefined && p > 1; p = stats.get(p)?.ppid)
      if (p === process.pid) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, s] of stats) if (isOurs(pid)) ticks += s.ticks;
  return ticks * 10;
}

async function reload(page: Page, url: string) {
  const started = Date.now();
  const requests: { url: string; start: number; end: number }[] = [];
  const onFinished = (req: import('playwright-core').Request) => {
    const tm = req.timing();
    requests.push({
      url: req.url().replace(url, ''),
      start: tm.startTime - started,
      end: tm.startTime - started + tm.responseEnd,
    });
  };
  page.on('requestfinished', onFinished);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  const before = await metric();
  if (process.env.PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const cpu0 = chromiumCpuMs();
  const t0 = performance.now();
  await page.goto(`${url}/users`);
  await page.getByRole('link', { name: 'user0', exact: true }).waitFor();
  const wall = performance.now() - t0;
  const chromiumCpu = chromiumCpuMs() - cpu0;
  const after = await metric();
  if (process.env.PROFILE) {
    const { profile } = await cdp.send('Profiler.stop');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env.PROFILE, JSON.stringify(profile));
  }
  page.off('requestfinished', onFinished);
  await cdp.detach();
  const inPage = await page.evaluate<{ firstRow: number; longTasks: number[][] }>(
    '({ firstRow: window.__firstRow ?? -1, longTasks: window.__longTasks ?? [] })',
  );
  const d = (k: string) => ((after[k] ?? 0) - (before[k] ?? 0)) * 1000;
  return {
    wall,
    chromiumCpu,
    script: d('ScriptDuration'),
    task: d('TaskDuration'),
    layout: d('LayoutDuration') + d('RecalcStyleDuration'),
    requests: requests.sort((a, b) => a.start - b.start),
    ...inPage,
  };
}

const users = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 5);
const server = await startDeskGate();
try {
  await seedUsers(path.join(server.dataDir, 'deskgate.db'), users);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // In the page: when the first row is in the document, and the long tasks before it (ms after navigation).
    await page.addInitScript(`
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
      }).observe({ type: 'longtask', buffered: true });
      new MutationObserver((_, observer) => {
        if (document.querySelector('a[href="/users/bench-user-0"]')) {
          window.__firstRow = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    `);
    await page.goto(server.url);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(BENCH_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Users' }).waitFor();
    await reload(page, server.url);
    const results: (Awaited<ReturnType<typeof reload>> & { serverCpu: number })[] = [];
    for (let r = 0; r < runs; r++) {
      const cpu0 = server.cpuMs();
      const res = await reload(page, server.url);
      results.push({ ...res, serverCpu: server.cpuMs() - cpu0 });
    }
    const last = results.at(-1);
    for (const q of last?.requests ?? [])
      console.log(`${q.start.toFixed(0).padStart(5)} → ${q.end.toFixed(0).padStart(5)} ms  ${q.url}`);
    console.log(
      `first row in the document at ${last?.firstRow.toFixed(0)} ms; long tasks [start, ms]: ${JSON.stringify(last?.longTasks)}`,
    );
    const med = (k: 'wall' | 'script' | 'task' | 'layout' | 'serverCpu' | 'firstRow' | 'chromiumCpu') =>
      results
        .map((r) => r[k])
        .sort((a, b) => a - b)
        [Math.floor(results.length / 2)]?.toFixed(1);
    console.log(
      `median of ${runs}: wall ${med('wall')} ms, first row in the document ${med('firstRow')} ms, browser task ${med('task')} ms (script ${med('script')}, ` +
        `style+layout ${med('layout')}), Chromium CPU ${med('chromiumCpu')} ms, server CPU ${med('serverCpu')} ms, requests ${last?.requests.length}`,
    );
  } finally {
    await browser.close();
  }
} finally {
  await server.stop();
}
