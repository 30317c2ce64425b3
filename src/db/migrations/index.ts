import type { Migration } from 'kysely';
import * as m0001 from './20261124_0001_accounts.ts';
import * as m0002 from './20261124_0002_sso.ts';
import * as m0003 from './20261124_0003_rustdesk.ts';
import * as m0004 from './20261125_0004_sso_console.ts';
import * as m0005 from './20261125_0005_device_logins.ts';
import * as m0006 from './20261125_0006_devices.ts';
import * as m0007 from './20261125_0007_two_factor.ts';
import * as m0008 from './20261125_0008_address_books.ts';
import * as m0010 from './20261125_0010_audit.ts';
import * as m0011 from './20261125_0011_device_groups.ts';
import * as m0012 from './20261202_0012_device_login_confirm.ts';
import * as m0013 from './20261202_0013_provider_origin.ts';
import * as m0014 from './20261202_0014_throttle.ts';
import * as m0104 from './20261202_0104_audit_upload_budget.ts';
import * as m0101 from './20261203_0101_strategies.ts';
import * as m0111 from './20261203_0111_api_tokens.ts';
import * as m0112 from './20261203_0112_device_approval.ts';
import * as m0131 from './20261203_0131_provider_label.ts';
import * as m0141 from './20261203_0141_scim.ts';
import * as m0151 from './20261203_0151_roles.ts';
import * as m0161 from './20261203_0161_ldap.ts';
import * as m0162 from './20261203_0162_email.ts';

/** Explicit import map: the bundle and the compiler both see every migration; order is by name. */
export const migrations: Record<string, Migration> = {
  '20261124_0001_accounts': m0001,
  '20261124_0002_sso': m0002,
  '20261124_0003_rustdesk': m0003,
  '20261125_0007_two_factor': m0007,
  '20261125_0004_sso_console': m0004,
  '20261125_0010_audit': m0010,
  '20261125_0008_address_books': m0008,
  '20261125_0005_device_logins': m0005,
  '20261125_0006_devices': m0006,
  '20261125_0011_device_groups': m0011,
  '20261202_0012_device_login_confirm': m0012,
  '20261202_0013_provider_origin': m0013,
  '20261202_0014_throttle': m0014,
  '20261202_0104_audit_upload_budget': m0104,
  '20261203_0111_api_tokens': m0111,
  '20261203_0112_device_approval': m0112,
  '20261203_0141_scim': m0141,
  '20261203_0151_roles': m0151,
  '20261203_0101_strategies': m0101,
  '20261203_0161_ldap': m0161,
  '20261203_0162_email': m0162,
  '20261203_0131_provider_label': m0131,
};
