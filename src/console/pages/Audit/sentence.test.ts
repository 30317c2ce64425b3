import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrailEntry } from '../../../shared/audit.ts';
import { en } from '../../i18n/en.ts';
import { ja } from '../../i18n/ja.ts';
import { describeEntry, type Translate, WORDED_ACTIONS } from './sentence.ts';

const entry = (action: string, target: string, detail: Record<string, unknown> = {}, actorName = 'admin') =>
  ({
    id: 1,
    at: 0,
    actorId: 'u1',
    actorName,
    action,
    target,
    detail: JSON.stringify(detail),
    ip: '',
  }) as TrailEntry;

// Issue 11: the audit log reads as sentences in the UI language, with names instead of ids.
describe('audit sentences', () => {
  let tEn: Translate;
  let tJa: Translate;
  beforeAll(async () => {
    const make = async (lng: string) => {
      const i = i18next.createInstance();
      await i.init({
        resources: { en: { translation: en }, ja: { translation: ja } },
        lng,
        interpolation: { escapeValue: false },
      });
      return i.t.bind(i) as Translate;
    };
    tEn = await make('en');
    tJa = await make('ja');
  });

  it('words the issue example with the names stored at the time of the event', () => {
    const share = entry('address-book.share', 'Helpdesk', {
      groupId: '0b7f6c1e-uuid',
      kind: 'group',
      targetName: 'IT Support',
      rule: 2,
    });
    expect(describeEntry(tEn, share)).toBe(
      'admin shared address book Helpdesk with group IT Support (read/write)',
    );
    expect(describeEntry(tJa, share)).toBe(
      'admin がアドレス帳 Helpdesk をグループ IT Support と共有しました (読み取り/書き込み)',
    );
  });

  it("falls back to today's names for ids the writer did not name, never a bare UUID when a name is known", () => {
    const grants = entry('device-group.grants', 'Kiosks', { userIds: ['u-1'], groupIds: ['g-1', 'g-2'] });
    const names = { 'u-1': 'bob', 'g-1': 'IT Support', 'g-2': 'Sales' };
    expect(describeEntry(tEn, grants, names)).toBe(
      'admin granted device group Kiosks to users: bob; groups: IT Support, Sales',
    );
    expect(describeEntry(tEn, entry('device-group.grants', 'Kiosks', { userIds: [], groupIds: [] }))).toBe(
      'admin granted device group Kiosks to users: nobody; groups: nobody',
    );
  });

  it("keeps the names stored at the time of the event after a rename (today's name) or a delete (no name)", () => {
    // bob was renamed robert, carol deleted, IT Support renamed Service Desk, Kiosks deleted since.
    const today = { 'u-1': 'robert', 'g-1': 'Service Desk' };
    const grants = entry('device-group.grants', 'Lab', {
      userIds: ['u-1', 'u-2'],
      groupIds: ['g-1'],
      names: { 'u-1': 'bob', 'u-2': 'carol', 'g-1': 'IT Support' },
    });
    expect(describeEntry(tEn, grants, today)).toBe(
      'admin granted device group Lab to users: bob, carol; groups: IT Support',
    );
    const moved = entry('device.update', '123456789', { deviceGroupId: 'dg-1', names: { 'dg-1': 'Kiosks' } });
    expect(describeEntry(tEn, moved, today)).toBe('admin moved device 123456789 to device group Kiosks');
    expect(describeEntry(tJa, moved, today)).toBe(
      'admin がデバイス 123456789 をデバイスグループ Kiosks に移動しました',
    );
    // Entries written before names were stored: today's name, else the id.
    const old = entry('device-group.grants', 'Lab', { userIds: ['u-1', 'u-2'], groupIds: [] });
    expect(describeEntry(tEn, old, today)).toBe(
      'admin granted device group Lab to users: robert, u-2; groups: nobody',
    );
    const deleted = entry('device.delete', '123456789', { names: { '123456789': 'PC-01' } });
    expect(describeEntry(tEn, deleted)).toBe('admin deleted device 123456789 (PC-01)');
  });

  it('words strategies, roles, API tokens, SCIM and device approval with the names of the time', () => {
    const names = { 'dg-1': 'Kiosks', 's-1': 'Quiet hours', '123456789': 'PC-01' };
    const assign = (targetType: string, strategyId: string | null) =>
      entry('strategy.assign', `${targetType}:dg-1`, { targetType, targetId: 'dg-1', strategyId, names });
    expect(describeEntry(tEn, assign('device-group', 's-1'))).toBe(
      'admin set the strategy of device group Kiosks to Quiet hours',
    );
    expect(describeEntry(tJa, assign('device-group', null))).toBe(
      'admin がデバイスグループ Kiosks のストラテジーの割り当てを解除しました',
    );
    expect(describeEntry(tEn, entry('user.role.change', 'bob', { from: null, to: 'Helpdesk' }))).toBe(
      'admin changed the role of bob from no role to Helpdesk',
    );
    const use = entry('api-token.use', 'deploy', { method: 'POST', route: '/api/devices/cli' }, 'ops');
    expect(describeEntry(tEn, use)).toBe('ops used API token deploy: POST /api/devices/cli');
    const scim = entry(
      'scim.user.create',
      'kenji@example.org',
      { provider: 'Entra' },
      'provisioned by Entra',
    );
    expect(describeEntry(tEn, scim)).toBe('Entra provisioned user kenji@example.org (SCIM)');
    expect(describeEntry(tEn, entry('device.approve', '123456789', { names }))).toBe(
      'admin approved device 123456789 (PC-01)',
    );
  });

  it('splits address-book item targets into the book and the item', () => {
    expect(describeEntry(tEn, entry('address-book.tag.add', 'Helpdesk: urgent'))).toBe(
      'admin added tag urgent to address book Helpdesk',
    );
  });

  it('names who signed in and with what; an anonymous failure has no actor', () => {
    expect(describeEntry(tEn, entry('sso.login.success', 'bob', { provider: 'Entra' }, 'bob'))).toBe(
      'bob signed in to the console with Entra',
    );
    const failed = entry('sso.login.failure', '', { code: 'SSO_NOT_ALLOWED', providerId: 'p1' }, '');
    expect(describeEntry(tEn, failed, { p1: 'Entra' })).toBe(
      'A console sign-in with Entra failed: SSO_NOT_ALLOWED',
    );
    expect(describeEntry(tEn, entry('settings.update', 'audit.retentionDays', { from: 365, to: 90 }))).toBe(
      'admin set the audit log to keep entries for 90 days',
    );
    expect(describeEntry(tEn, entry('audit.prune', '', { trail: 3, events: 0, days: 90 }, 'system'))).toBe(
      'DeskGate removed audit entries older than 90 days',
    );
  });

  it('keeps an unknown action readable (the raw code) rather than hiding it', () => {
    expect(describeEntry(tEn, entry('backup.verify', 'nightly.db'))).toBe('admin: backup.verify nightly.db');
  });

  it('has a sentence in both languages for every worded action, with no placeholder left over', () => {
    for (const action of WORDED_ACTIONS) {
      for (const t of [tEn, tJa]) {
        const s = describeEntry(
          t,
          entry(action, 'Helpdesk: x', { provider: 'Entra', device: '123', rule: 1 }),
        );
        expect(s, action).not.toContain('auditSentence.');
        expect(s, action).not.toContain('{{');
      }
    }
  });
});
