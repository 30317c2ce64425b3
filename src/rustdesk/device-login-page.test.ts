import { describe, expect, it } from 'vitest';
import { pickLanguage, renderDeviceLoginPage } from './device-login-page.ts';

describe('the device login result page', () => {
  it('picks Japanese only when the browser prefers it', () => {
    expect(pickLanguage(undefined)).toBe('en');
    expect(pickLanguage('ja-JP,ja;q=0.9,en;q=0.8')).toBe('ja');
    expect(pickLanguage('en-US,ja;q=0.5')).toBe('en');
    expect(pickLanguage('fr,ja;q=0.3')).toBe('ja');
    expect(pickLanguage('de, *;q=0.1')).toBe('en');
  });

  it('escapes every value that came from the IdP, the device or the database', () => {
    const html = renderDeviceLoginPage('en', {
      ok: true,
      userName: '<img src=x onerror=alert(1)>',
      deviceId: '"1"',
      deviceName: "</p><script>alert('x')</script>",
    });
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const failed = renderDeviceLoginPage('ja', {
      ok: false,
      code: 'SSO_NOT_ALLOWED',
      message: 'Your email address (<b>x</b>) is not in an allowed domain.',
      deviceId: '1',
      deviceName: '',
    });
    expect(failed).toContain('このアカウントはここへのサインインを許可されていません。');
    expect(failed).toContain('詳細： Your email address (&lt;b&gt;x&lt;/b&gt;) is not in an allowed domain.');
  });
});
