import type { PendingFilter } from '../../../shared/device-approval.ts';
import { api } from '../../api/client.ts';

/** The console API of device approval (src/devices/approval.routes.ts). */
export const BASE = '/api/console/device-approval';

/** An error as the sentence to show. */
export const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Approves devices (one or many). */
export function approveDevices(ids: string[]) {
  return api('POST', `${BASE}/approve`, { ids });
}

/** How many pending devices the Devices page's filter matches, on every page. */
export function countPending(filter: PendingFilter) {
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined && v !== ''));
  return api<{ total: number }>('GET', `${BASE}/pending?${query}`);
}

/** Approves every pending device the filter matches (server-side, all pages). */
export function approveMatching(filter: PendingFilter) {
  return api<{ approved: string[] }>('POST', `${BASE}/approve-matching`, filter);
}
