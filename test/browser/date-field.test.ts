import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/console/i18n/en.ts';
import { ja } from '../../src/console/i18n/ja.ts';
import { ADMIN_PASSWORD, signIn, type TestApp } from '../harness.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

// Issue 11: the provider editor's "Client secret expires" was the browser's own date input, which shows the
// browser's locale (12/31/2026 in an English browser) even on the Japanese console. In an en-US browser it now
// reads 31/01/2027 in English and 2027/01/31 in Japanese, takes dates typed in that order, and the API still
// gets ISO YYYY-MM-DD (as epoch ms). On the old field, the shown text and the typed dates fail these checks.
describe.runIf(chromiumAvailable())('the secret expiry date in the console language', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  let providerId: string;
  let admin: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchChromium()]);
    admin = await signIn(server.app);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers: admin.headers,
      payload: {
        name: 'dates',
        type: 'entra',
        clientId: 'deskgate-app',
        clientSecret: 'sample-secret',
        issuer: 'https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee/v2.0',
        clientSecretExpiresAt: Date.UTC(2027, 0, 31),
        callbackOrigin: server.url,
      },
    });
    expect(res.statusCode).toBe(201);
    providerId = (res.json() as { id: string }).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const CASES = [
    { language: 'en', t: en, shown: '31/01/2027', typed: '28/02/2027', usOrder: '02/27/2027' },
    { language: 'ja', t: ja, shown: '2027/01/31', typed: '2027/02/28', usOrder: '02/27/2027' },
  ] as const;
  for (const { language, t, shown, typed, usOrder } of CASES) {
    it(`${language} console in an en-US browser: shown and typed as ${shown}`, async () => {
      const reset = await server.app.inject({
        method: 'PATCH',
        url: `/api/console/sso/providers/${providerId}`,
        headers: admin.headers,
        payload: { clientSecretExpiresAt: Date.UTC(2027, 0, 31) },
      });
      expect(reset.statusCode).toBe(200);
      const context = await browser.newContext({ locale: 'en-US' });
      await context.addInitScript(`localStorage.setItem('deskgate.language', '${language}')`);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(server.url);
      await page.getByLabel(t['login.username']).fill('admin');
      await page.getByLabel(t['login.password']).fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: t['login.submit'] }).click();
      await page.getByRole('heading', { name: t['dashboard.title'] }).waitFor();
      await page.goto(`${server.url}/settings/oidc/providers/${providerId}`);
      const form = page.getByRole('form', { name: t['oidc.editProvider'] });
      await form.waitFor();
      const field = form.getByRole('textbox', { name: t['oidc.clientSecretExpires'], exact: true });
      await expect.poll(() => field.inputValue()).toBe(shown);
      expect(await field.getAttribute('type')).not.toBe('date');

      // The US order is no date here: Save refuses it in the reader's words.
      await field.fill(usOrder);
      await form.getByRole('button', { name: t['common.save'] }).click();
      await form.getByText(t['oidc.errorDate']).first().waitFor();

      await field.fill(typed);
      await form.getByRole('button', { name: t['common.save'] }).click();
      await page.waitForURL(`${server.url}/settings/oidc`);
      const saved = await server.app.inject({
        method: 'GET',
        url: `/api/console/sso/providers/${providerId}`,
        headers: admin.headers,
      });
      expect((saved.json() as { clientSecretExpiresAt: number }).clientSecretExpiresAt).toBe(
        Date.UTC(2027, 1, 28),
      );
      await context.close();
    });
  }
});
