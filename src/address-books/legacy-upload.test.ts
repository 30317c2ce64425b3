import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abRequest, clientLogin, createUser } from '../../test/address-books.ts';
import { buildTestApp, dialects, signIn, type TestApp } from '../../test/harness.ts';

// Issue 15 §7: a legacy upload of 20,000 peers was 40,000 single-row statements: the event loop stalled ~1 s
// on SQLite (heartbeat max 1,046 ms) and the upload took ~10 s on PostgreSQL.
const PEERS = 20_000;
const DEVICE = { id: '777000111', uuid: Buffer.from('ab-upload-machine').toString('base64') };

const peer = (i: number, alias = `peer ${i}`) => ({
  id: String(100_000_000 + i),
  username: `user${i}`,
  hostname: `host-${i}`,
  platform: i % 2 ? 'Windows' : 'Linux',
  alias,
  tags: i % 3 ? ['office'] : [],
  hash: i % 5 ? '' : 'aGFzaA==',
});

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
};

describe.each(dialects())(
  'a 20,000-peer legacy address-book upload on %s',
  { timeout: 180_000 },
  (dialect) => {
    let t: TestApp;
    let token: string;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      await createUser(t.app, await signIn(t.app), 'bulk');
      token = await clientLogin(t.app, 'bulk', 'bulk-password');
      const sysinfo = await t.app.inject({
        method: 'POST',
        url: '/api/sysinfo',
        payload: { ...DEVICE, hostname: 'h', version: '1.4.9' },
      });
      expect(sysinfo.body).toBe('SYSINFO_UPDATED');
    });
    afterAll(async () => t.close());

    /** Uploads `book` while a device sends a heartbeat every 5 ms; returns their latencies and the upload time. */
    async function uploadUnderHeartbeats(book: unknown) {
      // Serialised before the clock starts: the test's own JSON.stringify would stall the shared event loop.
      const payload = JSON.stringify({ data: JSON.stringify(book) });
      const latencies: number[] = [];
      let done = false;
      // Latency from when a beat was due, not when it was sent: a blocked event loop delays the sending too.
      let dueAt = performance.now();
      let sleeping = false;
      const beats = (async () => {
        while (!done) {
          const res = await t.app.inject({
            method: 'POST',
            url: '/api/heartbeat',
            payload: { ...DEVICE, ver: 1004090, modified_at: 0 },
          });
          latencies.push(performance.now() - dueAt);
          expect(res.statusCode).toBe(200);
          dueAt = performance.now() + 5;
          sleeping = true;
          await new Promise((r) => setTimeout(r, 5));
          sleeping = false;
        }
      })();
      const start = performance.now();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/ab',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload,
      });
      const uploadMs = performance.now() - start;
      // A beat that could not even be sent during the upload waited until now.
      if (sleeping) latencies.push(performance.now() - dueAt);
      done = true;
      await beats;
      expect({ status: res.statusCode, body: res.body }).toEqual({ status: 200, body: '' });
      return { latencies, uploadMs };
    }

    it('keeps heartbeats answered (p95 < 200 ms) and finishes within 15 s; a second upload replaces the book', async () => {
      const peers = Array.from({ length: PEERS }, (_, i) => peer(i));
      const first = await uploadUnderHeartbeats({ tags: ['office'], peers, tag_colors: '{}' });
      const p99 = percentile(first.latencies, 99);
      const p95 = percentile(first.latencies, 95);
      console.log(
        `${dialect}: ${PEERS} peers uploaded in ${Math.round(first.uploadMs)} ms; heartbeat during it: ` +
          `${first.latencies.length} answered, p50 ${percentile(first.latencies, 50).toFixed(1)} ms, ` +
          `p95 ${p95.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...first.latencies).toFixed(1)} ms`,
      );
      expect(first.uploadMs).toBeLessThan(15_000);
      expect(first.latencies.length).toBeGreaterThan(5);
      // Measured on 2 shared, busy cores: p95 15–60 ms, p99 60–550 ms (the largest single stall is parsing the
      // 2.6 MB book, which cannot be split, and the load of other processes); before batching the whole upload
      // (3–12 s there) was one stall and at most 2 heartbeats were answered.
      expect(p95).toBeLessThan(200);
      expect(Math.max(...first.latencies)).toBeLessThan(1500);

      // Drop a quarter, rename one, add new ones: the stored book equals the upload.
      const second = [
        ...peers.slice(5_000).map((p, i) => (i === 0 ? { ...p, alias: 'renamed' } : p)),
        peer(PEERS + 1),
        peer(PEERS + 2),
      ];
      const again = await uploadUnderHeartbeats({ tags: ['office'], peers: second, tag_colors: '{}' });
      expect(again.uploadMs).toBeLessThan(15_000);
      const back = JSON.parse((await abRequest(t.app, token, 'GET', '/api/ab')).json().data);
      expect(back.peers).toHaveLength(second.length);
      const byId = new Map(back.peers.map((p: { id: string }) => [p.id, p]));
      expect(byId.get(second[0]?.id)).toEqual(second[0]);
      expect(byId.get(peer(PEERS + 2).id)).toEqual(peer(PEERS + 2));
      expect(byId.has(peer(0).id)).toBe(false);
    });
  },
);
