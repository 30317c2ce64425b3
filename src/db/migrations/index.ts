import type { Migration } from 'kysely';
import * as m0001 from './20261124_0001_accounts.ts';
import * as m0002 from './20261124_0002_sso.ts';
import * as m0003 from './20261124_0003_rustdesk.ts';
import * as m0006 from './20261125_0006_devices.ts';

/** Explicit import map: the bundle and the compiler both see every migration; order is by name. */
export const migrations: Record<string, Migration> = {
  '20261124_0001_accounts': m0001,
  '20261124_0002_sso': m0002,
  '20261124_0003_rustdesk': m0003,
  '20261125_0006_devices': m0006,
};
