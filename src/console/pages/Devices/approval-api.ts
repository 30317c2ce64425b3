import { api } from '../../api/client.ts';

/** The console API of device approval (src/devices/approval.routes.ts). */
export const BASE = '/api/console/device-approval';

/** An error as the sentence to show. */
export const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Approves devices (one or many). */
export function approveDevices(ids: string[]) {
  return api('POST', `${BASE}/approve`, { ids });
}
