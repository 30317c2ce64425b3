import { describe, expect, it } from 'vitest';
import type { Provider } from '../shared/sso.ts';
import { DEFAULT_SETTINGS } from '../sso/providers.repo.ts';
import { evaluateClaims } from '../sso/rules.ts';

const provider = (settings: Partial<Provider>): Provider => ({
  id: 'p',
  name: 'keycloak',
  type: 'keycloak',
  clientId: 'c',
  issuer: 'https://idp.example.com/realms/r',
  enabled: true,
  hasClientSecret: true,
  callbackOrigin: null,
  createdAt: 0,
  updatedAt: 0,
  ...DEFAULT_SETTINGS,
  ...settings,
});
const as = (groups: string[]) => ({ sub: 's', email: 'a@example.com', groups });

describe('IdP group → role mapping', () => {
  it('keeps the older admin groups meaning Administrator, ahead of the role mapping', () => {
    const p = provider({
      adminGroups: ['rd-admins'],
      roleMapping: [{ idpGroup: 'rd-admins', roleId: 'auditor' }],
    });
    expect(evaluateClaims(p, as(['rd-admins']))).toMatchObject({
      roleId: 'administrator',
      isAdmin: true,
      decidesRole: true,
    });
  });

  it('gives the first mapped role the person has, and no role when none matches', () => {
    const p = provider({
      roleMapping: [
        { idpGroup: 'helpdesk', roleId: 'helpdesk' },
        { idpGroup: 'audit', roleId: 'auditor' },
      ],
    });
    expect(evaluateClaims(p, as(['audit', 'helpdesk'])).roleId).toBe('helpdesk');
    expect(evaluateClaims(p, as(['audit'])).roleId).toBe('auditor');
    expect(evaluateClaims(p, as(['sales']))).toMatchObject({
      roleId: null,
      isAdmin: false,
      decidesRole: true,
    });
  });

  it('leaves roles to the console when the provider maps none', () => {
    expect(evaluateClaims(provider({}), as(['anything'])).decidesRole).toBe(false);
  });
});
