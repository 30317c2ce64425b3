import { describe, expect, it } from 'vitest';
import type { Provider } from '../shared/sso.ts';
import { DEFAULT_SETTINGS } from './providers.repo.ts';
import { evaluateClaims } from './rules.ts';

const entra = (settings: Partial<Provider> = {}): Provider => ({
  id: 'p',
  name: 'azure',
  type: 'entra',
  clientId: 'c',
  issuer: 'https://login.microsoftonline.com/t/v2.0',
  enabled: true,
  hasClientSecret: true,
  callbackOrigin: null,
  buttonLabel: '',
  clientSecretExpiresAt: null,
  createdAt: 0,
  updatedAt: 0,
  ...DEFAULT_SETTINGS,
  ...settings,
});

describe('Entra groups overage', () => {
  const overage = { sub: 's', _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: 'x' } } };

  it('refuses with the fix in words when allowed or admin groups decide', () => {
    for (const p of [entra({ allowedGroups: ['g'] }), entra({ adminGroups: ['g'] })]) {
      const verdict = evaluateClaims(p, overage);
      expect(verdict.allowed).toBe(false);
      expect(verdict.reasons.join(' ')).toMatch(
        /groups overage.*Groups assigned to the application.*app roles/,
      );
    }
  });

  it('also knows the implicit flow form (hasgroups: true)', () => {
    expect(evaluateClaims(entra({ allowedGroups: ['g'] }), { sub: 's', hasgroups: true }).reasons[0]).toMatch(
      /groups overage/,
    );
  });

  it('lets people in when no group rule needs the list', () => {
    expect(evaluateClaims(entra(), overage).allowed).toBe(true);
  });
});

const as = (groups: string[]) => ({ sub: 's', email: 'a@example.com', groups });

describe('IdP group → role mapping', () => {
  it('keeps the older admin groups meaning Administrator, ahead of the role mapping', () => {
    const p = entra({
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
    const p = entra({
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
    expect(evaluateClaims(entra({}), as(['anything'])).decidesRole).toBe(false);
  });
});
