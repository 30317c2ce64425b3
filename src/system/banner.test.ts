import { describe, expect, it } from 'vitest';
import { bannerLines, listenUrls } from './banner.ts';

const interfaces = {
  lo: [
    { address: '127.0.0.1', family: 'IPv4', internal: true },
    { address: '::1', family: 'IPv6', internal: true },
  ],
  eth0: [
    { address: '192.168.1.20', family: 'IPv4', internal: false },
    { address: 'fe80::1', family: 'IPv6', internal: false },
    { address: '2001:db8::20', family: 'IPv6', internal: false },
  ],
} as unknown as Parameters<typeof listenUrls>[2];

describe('the start banner (issue 14)', () => {
  it('lists every address it listens on when bound to all interfaces, not "localhost"', () => {
    expect(listenUrls('0.0.0.0', 21114, interfaces)).toEqual([
      'http://127.0.0.1:21114',
      'http://192.168.1.20:21114',
    ]);
    expect(listenUrls('::', 80, interfaces)).toEqual([
      'http://127.0.0.1:80',
      'http://[::1]:80',
      'http://192.168.1.20:80',
      'http://[2001:db8::20]:80',
    ]);
    expect(listenUrls('10.0.0.5', 21114, interfaces)).toEqual(['http://10.0.0.5:21114']);
  });

  it('warns in one line when reachable from the network without HTTPS in front', () => {
    const base = { port: 21114, storage: 'SQLite in /data', interfaces };
    const open = bannerLines({ ...base, host: '0.0.0.0', publicUrl: undefined });
    expect(open[0]).toBe('DeskGate is running. Console: http://192.168.1.20:21114');
    expect(open.filter((l) => l.startsWith('Warning:'))).toHaveLength(1);
    expect(bannerLines({ ...base, host: '0.0.0.0', publicUrl: 'http://rd.example.com' }).at(-1)).toMatch(
      /^Warning: reachable from the network over plain HTTP/,
    );
    for (const quiet of [
      bannerLines({ ...base, host: '0.0.0.0', publicUrl: 'https://rd.example.com' }),
      bannerLines({ ...base, host: '127.0.0.1', publicUrl: undefined }),
    ]) {
      expect(quiet.some((l) => l.startsWith('Warning:'))).toBe(false);
    }
  });
});
