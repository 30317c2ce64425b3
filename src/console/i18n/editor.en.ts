/** English strings of the provider editor page and the console-wide helpers it needs (issue 11); spread into en.ts. */
export const editorEn = {
  'nav.menu': 'Menu',
  'login.showPassword': 'Show or hide the characters typed',
  'groups.defaultBadge': 'Default',
  'common.close': 'Close',
  'common.showSecret': 'Show or hide the value',
  'oidc.editProviderNamed': 'Edit auth provider: {{name}}',
  'oidc.sectionConnection': 'Connection',
  'oidc.backToProviders': '← Auth providers',
  'oidc.buttonLabel': 'Button label',
  'oidc.buttonLabelHelp':
    'Optional words for the login button, spaces and any language allowed (“Continue with Company account”). Empty: the Name ({{name}}) is shown.',
  'oidc.buttonLabelPlaceholder': 'Company account',
  'oidc.clientSecretExpires': 'Client secret expires',
  'oidc.clientSecretExpiresHelp':
    'The Expires date Microsoft Entra shows under Certificates & secrets. The providers list and the dashboard warn 30 days ahead.',
  'oidc.issuerTrimmed':
    'That was the metadata document URL; the issuer is the same address without /.well-known/openid-configuration, so it was shortened.',
  'oidc.httpCallbackWarning':
    'The Callback URL {{callback}} is plain http on an address other than localhost. Microsoft Entra refuses such redirect URIs: open the console over https (or at http://localhost) and save from there.',
  'oidc.testResult': 'Test result',
  'oidc.discardTitle': 'Discard changes?',
  'oidc.discardMessage': 'The changes on this page have not been saved. Leave without saving?',
  'oidc.discard': 'Discard',
  'oidc.saveAfterFailedTestTitle': 'Save although the test failed?',
  'oidc.saveAfterFailedTestMessage':
    'The last Test found problems (see the result above). People may not be able to sign in with these settings. Save anyway?',
  'oidc.saveAnyway': 'Save anyway',
  'oidc.health': 'Health',
  'oidc.healthOk': 'OK',
  'oidc.enabledYes': 'Enabled',
  'oidc.secretExpired': 'Secret expired',
  'oidc.secretExpiresOn': 'Secret expires {{date}}',
  'oidc.errorButtonLabel': 'Use at most 64 characters.',
  'oidc.errorDate': 'Enter a date, or leave it empty.',
  'oidc.issuerPlaceholder.entra': 'https://login.microsoftonline.com/<Directory (tenant) ID>/v2.0',
  'oidc.issuerPlaceholder.okta': 'https://<your domain>.okta.com',
  'oidc.issuerPlaceholder.keycloak': 'https://<host>/realms/<realm>',
  'oidc.issuerPlaceholder.authentik': 'https://<host>/application/o/<slug>/',
  'oidc.issuerPlaceholder.auth0': 'https://<tenant>.auth0.com/',
  'form.required': 'Fill in “{{field}}”.',
} as const;
