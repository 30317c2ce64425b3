import { describe, expect, it } from 'vitest';
import { renderConfirmationPage } from './device-confirm-page.ts';
import type { DeviceLoginConfirmation } from './device-login-info.ts';

const base: DeviceLoginConfirmation = {
  kind: 'confirm',
  loginId: 'login-1',
  secret: 's"e<c>r&t',
  maxAgeSeconds: 120,
  userName: '<img src=x onerror=alert(1)>',
  username: 'alice',
  deviceId: '"123"',
  deviceName: "</td><script>alert('x')</script>",
  deviceOs: '<b>linux</b>',
  clientIp: '203.0.113.5',
  requestedAt: Date.UTC(2026, 11, 2, 8, 30, 0),
  browserIp: '198.51.100.7',
  mustTypeId: false,
};

describe('the device login confirmation page', () => {
  it('escapes every value from the IdP, the device, the request and the database', () => {
    const html = renderConfirmationPage('en', base);
    expect(html).not.toMatch(/<img|<script|<b>linux/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; (alice)');
    expect(html).toContain('value="s&quot;e&lt;c&gt;r&amp;t"');
    expect(html).toContain('<td>2026-12-02 08:30:00 UTC</td>');
    expect(html).toContain('Approve only if you just clicked the sign-in button');
    expect(html).not.toContain('name="deviceId"');
  });

  it('warns in red and asks for the device ID when the addresses differ, in Japanese too', () => {
    const html = renderConfirmationPage('ja', { ...base, mustTypeId: true, error: 'ID_MISMATCH' });
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('このデバイスで RustDesk にサインインしますか？');
    expect(html).toContain(
      '<p class="fail"><strong>このサインインは、このブラウザー（198.51.100.7）とは別のネットワークアドレス（203.0.113.5）から要求されました。',
    );
    expect(html).toContain('name="deviceId"');
    expect(html).toContain('role="alert">入力された ID はこのデバイスの ID ではありません。');
    expect(html).toContain('>承認</button>');
    expect(html).toContain('>拒否</button>');
  });
});
