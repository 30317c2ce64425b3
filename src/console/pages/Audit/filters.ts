import { isIsoDate } from '../../components/date-text.ts';

/** The filter bar's state, shared by both tabs. Dates are the inputs' yyyy-mm-dd values (local days). */
export interface AuditFilters {
  from: string;
  to: string;
  user: string;
  device: string;
  type: string;
}

export const NO_FILTERS: AuditFilters = { from: '', to: '', user: '', device: '', type: '' };

/** The query string the console API expects: epoch-ms bounds covering whole local days. */
export function toQuery(f: AuditFilters, typeParam: 'action' | 'kind'): URLSearchParams {
  const q = new URLSearchParams();
  // A date field holds its text until it is a whole day; only a day narrows the search.
  if (isIsoDate(f.from)) q.set('from', String(new Date(`${f.from}T00:00:00`).getTime()));
  if (isIsoDate(f.to)) q.set('to', String(new Date(`${f.to}T23:59:59.999`).getTime()));
  if (f.user.trim()) q.set('user', f.user.trim());
  if (f.device.trim()) q.set('device', f.device.trim());
  if (f.type) q.set(typeParam, f.type);
  return q;
}
