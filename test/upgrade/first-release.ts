/** The migrations of DeskGate's first release (main at commit 04a6783), in the order they were applied. */
export const FIRST_RELEASE_MIGRATIONS = [
  '20261124_0001_accounts',
  '20261124_0002_sso',
  '20261124_0003_rustdesk',
  '20261125_0004_sso_console',
  '20261125_0005_device_logins',
  '20261125_0006_devices',
  '20261125_0007_two_factor',
  '20261125_0008_address_books',
  '20261125_0010_audit',
  '20261125_0011_device_groups',
  '20261202_0012_device_login_confirm',
  '20261202_0013_provider_origin',
  '20261202_0014_throttle',
  '20261202_0104_audit_upload_budget',
];

/** The secret key the fixture's encrypted values (the OIDC client secret) were sealed with. */
export const FIRST_RELEASE_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
