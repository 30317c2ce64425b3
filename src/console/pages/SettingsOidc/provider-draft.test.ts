import { describe, expect, it } from 'vitest';
import {
  callbackRefusedByEntra,
  draftOf,
  draftOpensToAnyTenant,
  issuerFromMetadataUrl,
  toRequestBody,
  validateDraft,
  withAnyEntraTenant,
  withType,
} from './provider-draft.ts';

describe('the provider form draft', () => {
  it('starts from the server defaults: openid profile email, PKCE, code, RS256, skip local 2FA', () => {
    expect(draftOf()).toMatchObject({
      type: 'entra',
      scopes: 'openid profile email',
      pkce: true,
      responseType: 'code',
      idTokenSignedResponseAlg: 'RS256',
      autoRegister: true,
      linkByVerifiedEmail: false,
      skipLocal2fa: true,
    });
  });

  it('pre-fills by type without overwriting what the admin typed', () => {
    const github = withType(draftOf(), 'github');
    expect(github).toMatchObject({ issuer: 'https://github.com', scopes: 'read:user user:email' });
    expect(withType(github, 'google')).toMatchObject({ issuer: '', scopes: 'openid profile email' });
    const custom = { ...draftOf(), scopes: 'openid email groups', issuer: 'https://idp.example.com' };
    expect(withType(custom, 'okta')).toMatchObject({
      scopes: 'openid email groups',
      issuer: 'https://idp.example.com',
    });
  });

  it('sends only valid values: lists trimmed and deduplicated, incomplete mappings and an empty secret left out', () => {
    const body = toRequestBody({
      ...draftOf(),
      name: ' contoso ',
      clientId: 'app',
      issuer: 'https://login.microsoftonline.com/t/v2.0 ',
      scopes: ' openid   profile ',
      allowedEmailDomains: '@Contoso.example\n\ncontoso.example\n fabrikam.example',
      adminGroups: ' rd-admins \ncn=admins,ou=groups,dc=example\n',
      groupMapping: [
        { idpGroup: ' staff ', groupId: 'g1' },
        { idpGroup: '', groupId: 'g2' },
        { idpGroup: 'x', groupId: '' },
      ],
    });
    expect(body).toMatchObject({
      name: 'contoso',
      issuer: 'https://login.microsoftonline.com/t/v2.0',
      scopes: 'openid profile',
      allowedEmailDomains: ['contoso.example', 'fabrikam.example'],
      adminGroups: ['rd-admins', 'cn=admins,ou=groups,dc=example'],
      allowedGroups: [],
      groupMapping: [{ idpGroup: 'staff', groupId: 'g1' }],
    });
    expect(body).not.toHaveProperty('clientSecret');
  });

  it('names what is wrong, field by field', () => {
    const errors = validateDraft({
      ...draftOf(),
      name: 'has space',
      issuer: 'login.microsoftonline.com',
      tokenEndpoint: 'nope',
      scopes: ' ',
      caCertificate: 'not a pem',
    });
    expect(errors).toEqual({
      name: 'oidc.errorName',
      clientId: 'oidc.errorRequired',
      issuer: 'oidc.errorUrl',
      tokenEndpoint: 'oidc.errorUrl',
      scopes: 'oidc.errorScopes',
      caCertificate: 'oidc.errorPem',
    });
  });

  it('asks for the any-tenant acknowledgement only for a common/organizations issuer without Allowed tenants', () => {
    const entra = { ...draftOf(), issuer: 'https://login.microsoftonline.com/organizations/v2.0' };
    expect(draftOpensToAnyTenant(entra)).toBe(true);
    expect(
      draftOpensToAnyTenant({ ...entra, issuer: 'https://login.microsoftonline.com/common/v2.0 ' }),
    ).toBe(true);
    expect(draftOpensToAnyTenant({ ...entra, allowedTenants: '\n 72f988bf \n' })).toBe(false);
    expect(
      draftOpensToAnyTenant({ ...entra, issuer: 'https://login.microsoftonline.com/72f988bf/v2.0' }),
    ).toBe(false);
    // Only the Entra type applies Allowed tenants; a custom OIDC provider at the same authority cannot.
    expect(draftOpensToAnyTenant({ ...entra, type: 'oidc', allowedTenants: '72f988bf' })).toBe(true);
    expect(draftOpensToAnyTenant({ ...draftOf(), issuer: 'https://accounts.google.com' })).toBe(false);
  });

  it('turns auto-register off when the acknowledgement is ticked, and leaves it alone when unticked', () => {
    const acknowledged = withAnyEntraTenant(draftOf(), true);
    expect(acknowledged).toMatchObject({ anyEntraTenant: true, autoRegister: false });
    const reopened = withAnyEntraTenant({ ...acknowledged, autoRegister: true }, false);
    expect(reopened).toMatchObject({ anyEntraTenant: false, autoRegister: true });
    expect(toRequestBody(acknowledged)).toMatchObject({ anyEntraTenant: true, autoRegister: false });
  });

  it("trims Entra's metadata document URL to the issuer, and leaves an issuer alone", () => {
    const issuer = 'https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee/v2.0';
    expect(issuerFromMetadataUrl(` ${issuer}/.well-known/openid-configuration `)).toBe(issuer);
    expect(issuerFromMetadataUrl(`${issuer}/.well-known/openid-configuration/`)).toBe(issuer);
    expect(issuerFromMetadataUrl(issuer)).toBeNull();
  });

  it('warns of a plain-http callback except on localhost, as Entra refuses it', () => {
    expect(callbackRefusedByEntra('http://deskgate.example.com')).toBe(true);
    expect(callbackRefusedByEntra('http://192.168.0.1:8000')).toBe(true);
    for (const ok of ['https://deskgate.example.com', 'http://localhost:21114', 'http://127.0.0.1:8000']) {
      expect(callbackRefusedByEntra(ok), ok).toBe(false);
    }
  });

  it('sends the button label trimmed and the secret expiry as the UTC day in epoch ms, or null', () => {
    const d = { ...draftOf(), buttonLabel: ' 社内 アカウント ', clientSecretExpires: '2027-01-31' };
    expect(toRequestBody(d)).toMatchObject({
      buttonLabel: '社内 アカウント',
      clientSecretExpiresAt: Date.UTC(2027, 0, 31),
    });
    expect(toRequestBody(draftOf()).clientSecretExpiresAt).toBeNull();
    expect(validateDraft({ ...draftOf(), buttonLabel: 'x'.repeat(65) }).buttonLabel).toBe(
      'oidc.errorButtonLabel',
    );
  });
});
