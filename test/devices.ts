import type { FastifyInstance } from 'fastify';

/** Registers a device as the RustDesk client does on its first tick (spec §5.2 sysinfo upload). */
export async function registerDevice(app: FastifyInstance, id: string, uuid: string): Promise<void> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/sysinfo',
    headers: { 'content-type': 'application/json' },
    payload: { id, uuid, hostname: `pc-${id}`, os: 'linux', cpu: 'x', memory: '1GB', version: '1.4.9' },
  });
  if (res.body !== 'SYSINFO_UPDATED') throw new Error(`sysinfo: ${res.statusCode} ${res.body}`);
}
