/** English strings of the console's SCIM, IdP logout, roles strings (issue 12); spread into en.ts. */
export const directoryEn = {
  'scim.title': 'Provisioning (SCIM)',
  'scim.help':
    'Let the identity provider create, update and disable DeskGate accounts. In Microsoft Entra: Enterprise applications → this app → Provisioning → Provisioning Mode "Automatic", then paste these two values under Admin Credentials.',
  'scim.tenantUrl': 'Tenant URL',
  'scim.secretToken': 'Secret Token',
  'scim.shownOnce':
    'Copy the secret token now: DeskGate keeps only its hash and will not show it again. Generating a new one stops this one at once.',
  'scim.tokenCreated': 'A secret token exists (generated {{date}}). Generate a new one to replace it.',
  'scim.noToken': 'No secret token yet: provisioning is off for this provider.',
  'scim.generate': 'Generate secret token',
  'scim.rotate': 'Generate a new secret token',
  'scim.revoke': 'Revoke secret token',
  'logout.title': 'Logout started by the identity provider',
  'logout.frontChannelUrl': 'Front-channel logout URL',
  'logout.frontChannelHelp':
    'Microsoft Entra: App registrations → this app → Authentication → "Front-channel logout URL". Signing out at Microsoft then ends the DeskGate console session.',
  'logout.backChannelUrl': 'Back-channel logout URL',
  'logout.backChannelHelp':
    'Keycloak, Authentik, Okta: the client\'s back-channel logout URL (with "session required" on). Ends console sessions and RustDesk sign-ins of that IdP session.',
} as const;
