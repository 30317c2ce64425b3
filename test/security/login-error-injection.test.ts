import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/console/i18n/en.ts';
import { ja } from '../../src/console/i18n/ja.ts';
import { LOGIN_ERROR_CODES } from '../../src/shared/login-errors.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from '../browser/browser.ts';
import { buildTestApp, type TestApp } from '../harness.ts';
import { lastLoginFailure } from '../sso-login.ts';

/**
 * Attack: text injection on a trusted page. /login?error=<any text> used to show the text word for
 * word under DeskGate's own name ("Your session expired; call +1 555… / enter your password at
 * evil.example"), and the SSO callback copied the IdP's free-form error_description — which anyone
 * can put in a callback link — into that parameter. Now the callback redirects with a known code only,
 * the page shows only known codes, translated, and the specifics go to the log and the audit trail.
 */
const PHISHING = 'Your account is locked. Call +1-555-0100 or sign in at https://evil.example/deskgate';

describe('SSO failures redirect with a code only', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
  });
  afterAll(async () => t.close());
  const redirect = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(302);
    const location = String(res.headers.location);
    expect(location).toMatch(/^\/login\?code=[A-Z_]+$/);
    expect(decodeURIComponent(location)).not.toContain('evil.example');
    return location;
  };
  const q = encodeURIComponent;

  it('never copies the IdP error_description into the URL; known Entra errors get their own code', async () => {
    expect(
      await redirect(`/api/oidc/callback?error=access_denied&error_description=${q(PHISHING)}&state=x`),
    ).toBe('/login?code=SSO_IDP_DENIED');
    expect(await lastLoginFailure(t.app)).toContain(PHISHING.split('\n')[0] as string);
    expect(await redirect(`/api/oidc/callback?error=server_error&error_description=${q(PHISHING)}`)).toBe(
      '/login?code=SSO_IDP_ERROR',
    );
    expect(
      await redirect(
        `/api/oidc/callback?error=invalid_request&error_description=${q('AADSTS50011: The redirect URI does not match')}`,
      ),
    ).toBe('/login?code=SSO_IDP_REDIRECT_MISMATCH');
    // No state, so no provider: the fix names the callback path (the Host is never trusted for it, issue 9 §6;
    // with a state the provider's registered URL is named, test/security/host-header-redirect-uri.test.ts).
    expect(await lastLoginFailure(t.app)).toMatch(/add exactly \S*\/api\/oidc\/callback/);
  });

  it('never copies the provider name, nor a failed callback, into the URL', async () => {
    expect(await redirect(`/api/oidc/login/${q(PHISHING.slice(0, 60))}`)).toBe(
      '/login?code=SSO_UNKNOWN_PROVIDER',
    );
    expect(await redirect('/api/oidc/callback?state=forged&code=x')).toBe('/login?code=SSO_LINK_EXPIRED');
  });

  it('has an English and a Japanese sentence for every code', () => {
    for (const code of LOGIN_ERROR_CODES) {
      expect(en[`sso.${code}` as keyof typeof en], code).toBeTruthy();
      expect(ja[`sso.${code}` as keyof typeof ja], code).toBeTruthy();
    }
  });
});

describe.runIf(chromiumAvailable())('the Login page in Chromium', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const alertOf = async (locale: string, query: string) => {
    const context = await browser.newContext({ locale });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${server.url}/login?${query}`);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      return { alert: (await alert.textContent()) ?? '', body: (await page.textContent('body')) ?? '' };
    } finally {
      await context.close();
    }
  };

  it('shows a generic sentence, never the query text, for free text and unknown codes', async () => {
    for (const query of [
      `error=${encodeURIComponent(PHISHING)}&code=NOT_A_CODE`,
      `error=${encodeURIComponent(PHISHING)}`,
      `error=x&code=details`,
      `code=${encodeURIComponent(PHISHING)}`,
    ]) {
      const { alert, body } = await alertOf('en-US', query);
      expect(alert).toBe(en['sso.SSO_FAILED']);
      expect(body).not.toContain('evil.example');
      expect(body).not.toContain('555');
    }
  }, 90_000);

  it('shows the translated sentence for a known code, in English and in Japanese', async () => {
    const query = `code=SSO_IDP_REDIRECT_MISMATCH&error=${encodeURIComponent(PHISHING)}`;
    const english = await alertOf('en-US', query);
    expect(english.alert).toBe(en['sso.SSO_IDP_REDIRECT_MISMATCH']);
    expect(english.body).not.toContain('evil.example');
    const japanese = await alertOf('ja-JP', query);
    expect(japanese.alert).toBe(ja['sso.SSO_IDP_REDIRECT_MISMATCH']);
    expect(japanese.body).not.toContain('evil.example');
  });
});
