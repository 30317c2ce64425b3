import { BENCH_ADMIN_PASSWORD } from './processes.ts';

/** The bench's device ids (bench/load-worker.mjs). */
const deviceId = (i: number) => String(100_000_000 + i);

/**
 * Puts every registered device under a default strategy through the console API, as an admin would, and
 * returns the `modified_at` the devices are given (one recompute gives the whole fleet the same one).
 */
export async function putFleetUnderStrategy(url: string): Promise<number> {
  const login = await fetch(`${url}/api/console/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }),
  });
  if (!login.ok) throw new Error(`bench sign-in failed: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken };
  const created = await fetch(`${url}/api/console/strategies`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      name: 'Bench fleet',
      isDefault: true,
      options: {
        'enable-clipboard': 'N',
        'enable-file-transfer': 'N',
        'enable-tunnel': 'N',
        'approve-mode': 'click',
        'allow-auto-disconnect': 'Y',
        'auto-disconnect-timeout': '30',
        whitelist: '10.0.0.0/8',
        'custom-option': 'bench',
      },
    }),
  });
  if (created.status !== 201) throw new Error(`bench strategy: ${created.status} ${await created.text()}`);
  const view = await fetch(`${url}/api/console/devices/${deviceId(0)}/strategy`, { headers: { cookie } });
  const { modifiedAt } = (await view.json()) as { modifiedAt: number | null };
  if (!modifiedAt) throw new Error('bench: the devices got no strategy');
  return modifiedAt;
}
