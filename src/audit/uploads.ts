import type { Insertable } from 'kysely';
import type { AuditEventsTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/**
 * How the RustDesk client's audit uploads (spec §5.4–5.6) become rows. Columns hold what the
 * console filters and shows; `detail` keeps every other field the client sent, so newer clients'
 * extra fields are kept rather than refused.
 */

type EventRow = Omit<Insertable<AuditEventsTable>, 'guid' | 'at'>;

export interface ConnUpload {
  id: string;
  uuid?: string | undefined;
  conn_id?: number | undefined;
  session_id?: string | undefined;
  nonce?: string | undefined;
  action?: string | undefined;
  ip?: string | undefined;
  peer?: string[] | undefined;
  type?: number | undefined;
  note?: string | undefined;
  [extra: string]: unknown;
}

export interface FileUpload {
  id: string;
  uuid?: string | undefined;
  peer_id?: string | undefined;
  conn_id?: number | undefined;
  type?: number | undefined;
  path?: string | undefined;
  is_file?: boolean | undefined;
  info?: string | undefined;
  nonce?: string | undefined;
  [extra: string]: unknown;
}

export interface AlarmUpload {
  id: string;
  uuid?: string | undefined;
  typ?: number | undefined;
  info?: string | undefined;
  conn_id?: number | undefined;
  nonce?: string | undefined;
  [extra: string]: unknown;
}

/** §5.6 `typ` values, as labels a person can filter and read. */
const ALARM_LABELS: Record<number, string> = {
  0: 'ip-whitelist-rejected',
  1: 'over-30-failed-attempts',
  2: 'six-failed-attempts-in-a-minute',
  6: 'ipv6-prefix-attempts',
  7: 'os-login-backoff',
  8: 'os-login-concurrency',
  9: 'session-scope-violation',
  10: 'id-whitelist-rejected',
};

/** A retried upload carries the same nonce (master clients): one key per device and nonce. */
function dedupeKey(kind: string, deviceId: string, nonce: string | undefined): string | null {
  return nonce ? `${kind}:${deviceId}:${nonce}` : null;
}

/** `info` is a JSON string inside the JSON body; anything unreadable is kept only in `detail`. */
function parseInfo(info: string | undefined): Record<string, unknown> {
  if (!info) return {};
  try {
    const value: unknown = JSON.parse(info);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** The most the fields kept in `detail` may take, serialized: ten files of long names fit in 3 KB. */
export const MAX_DETAIL_BYTES = 8 * 1024;

/** `detail` as stored; an upload whose free-form fields exceed the cap is refused (413, which the client drops). */
function detailOf(rest: Record<string, unknown>): string {
  const detail = JSON.stringify(rest);
  if (Buffer.byteLength(detail) > MAX_DETAIL_BYTES)
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      413,
      `The audit record's extra fields take more than ${MAX_DETAIL_BYTES / 1024} KB; the record was not stored.`,
    );
  return detail;
}

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** §5.4: "new" (TCP open), authorized (no `action`, has `peer`), "close", or the controller's note. */
export function connRow(body: ConnUpload): EventRow {
  const { id, uuid, conn_id, session_id, nonce, action, ip, peer, type, note, ...rest } = body;
  const isNote = note !== undefined && action === undefined && peer === undefined;
  return {
    dedupe_key: dedupeKey('conn', id, nonce),
    kind: 'conn',
    action: action ?? (isNote ? 'note' : peer ? 'authorized' : ''),
    device_id: id,
    device_uuid: uuid ?? '',
    peer_id: peer?.[0] ?? '',
    peer_name: peer?.[1] ?? '',
    conn_id: conn_id ?? null,
    session_id: session_id ?? '',
    ip: ip ?? '',
    type: type ?? null,
    note: note ?? '',
    note_by: '',
    detail: detailOf(rest),
  };
}

/** §5.5: `type` 0 = the device sent files to the controller, 1 = it received them. */
export function fileRow(body: FileUpload): EventRow {
  const { id, uuid, peer_id, conn_id, type, nonce, ...rest } = body;
  const info = parseInfo(body.info);
  return {
    dedupe_key: dedupeKey('file', id, nonce),
    kind: 'file',
    action: type === 0 ? 'send' : type === 1 ? 'receive' : '',
    device_id: id,
    device_uuid: uuid ?? '',
    peer_id: peer_id ?? '',
    peer_name: str(info.name),
    conn_id: conn_id ?? null,
    ip: str(info.ip),
    type: type ?? null,
    session_id: '',
    note: '',
    note_by: '',
    detail: detailOf(rest),
  };
}

/** §5.6: `info` typically carries the offender's ip, id and name. */
export function alarmRow(body: AlarmUpload): EventRow {
  const { id, uuid, typ, conn_id, nonce, ...rest } = body;
  const info = parseInfo(body.info);
  return {
    dedupe_key: dedupeKey('alarm', id, nonce),
    kind: 'alarm',
    action: typ === undefined ? '' : (ALARM_LABELS[typ] ?? `type-${typ}`),
    device_id: id,
    device_uuid: uuid ?? '',
    peer_id: str(info.id),
    peer_name: str(info.name),
    conn_id: conn_id ?? null,
    ip: str(info.ip),
    type: typ ?? null,
    session_id: '',
    note: '',
    note_by: '',
    detail: detailOf(rest),
  };
}

/**
 * `session_id` is a u64 (§5.4) and JSON.parse would round values above 2^53, so its integer
 * literal is turned into a string before parsing. Inside JSON strings a quote is always escaped,
 * so the pattern cannot match text within a value.
 */
export function quoteSessionIds(json: string): string {
  return json.replace(/("session_id"\s*:\s*)(\d+)(?=\s*[,}])/g, '$1"$2"');
}
