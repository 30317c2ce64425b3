import type { DeviceLoginRow, UserRow } from '../db/schema.ts';

/** The AES-GCM context of a device login's sealed token: a token sealed for one login opens for no other. */
export const tokenContext = (id: string) => `device_login:${id}:token`;

/** The hostname and OS the client sent as `deviceInfo` on POST /api/oidc/auth (spec §1.4); '' if absent. */
export function deviceInfoOf(row: DeviceLoginRow | undefined): { name: string; os: string } {
  try {
    const info = JSON.parse(row?.device_info ?? '{}') as { name?: unknown; os?: unknown };
    return {
      name: typeof info.name === 'string' ? info.name : '',
      os: typeof info.os === 'string' ? info.os : '',
    };
  } catch {
    return { name: '', os: '' };
  }
}

/**
 * What DeskGate's "Sign in to RustDesk on this device?" page shows, and the secret its form and cookie
 * carry. Everything comes from the device login row, the resolved user and the browser's request.
 */
export interface DeviceLoginConfirmation {
  kind: 'confirm';
  loginId: string;
  /** The confirmation secret: HttpOnly cookie and hidden form field; only its hash is stored. */
  secret: string;
  /** Seconds until the login expires (the cookie's lifetime). */
  maxAgeSeconds: number;
  userName: string;
  username: string;
  deviceId: string;
  deviceName: string;
  deviceOs: string;
  /** Where and when POST /api/oidc/auth came from. */
  clientIp: string;
  requestedAt: number;
  browserIp: string;
  /** Client and browser addresses differ: the person must type the device ID to approve. */
  mustTypeId: boolean;
  /** Set when the page is shown again because the typed ID did not match. */
  error?: 'ID_MISMATCH' | undefined;
}

export function confirmationOf(
  row: DeviceLoginRow,
  user: Pick<UserRow, 'username' | 'display_name'>,
  secret: string,
  browserIp: string,
): DeviceLoginConfirmation {
  const { name, os } = deviceInfoOf(row);
  return {
    kind: 'confirm',
    loginId: row.id,
    secret,
    maxAgeSeconds: Math.max(1, Math.ceil((row.expires_at - Date.now()) / 1000)),
    userName: user.display_name || user.username,
    username: user.username,
    deviceId: row.device_id,
    deviceName: name,
    deviceOs: os,
    clientIp: row.client_ip,
    requestedAt: row.created_at,
    browserIp,
    mustTypeId: row.client_ip !== browserIp,
  };
}
