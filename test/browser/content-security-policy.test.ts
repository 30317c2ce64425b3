import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, signIn, type TestApp } from '../harness.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

// The console (React + Vite + Mantine) and Swagger UI run under the Content-Security-Policy every answer now
// carries (issue 9 §6, src/http/security-headers.ts): signing in, browsing, the provider form with its
// modal and accordion, and /api-docs report no violation. The provider form also shows the any-Entra-tenant
// acknowledgement (§7) and saves the page's origin as the callback origin (§6).
describe.runIf(chromiumAvailable())('the console under its Content-Security-Policy in Chromium', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  const violations: string[] = [];
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page that records every CSP violation, both as the DOM event and as Chromium's console message. */
  async function watchedPage(): Promise<Page> {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    page.setDefaultTimeout(20_000);
    // A string: the test project has no DOM types, and the script runs in the page, not here.
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    );
    page.on('console', (m) => {
      if (/Content Security Policy|CSP violation/i.test(m.text())) violations.push(m.text());
    });
    return page;
  }

  it('signs in, browses and saves an auth provider without a single CSP violation', async () => {
    const page = await watchedPage();
    const response = await page.goto(server.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'New user' }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'OIDC' }).click();

    await page.getByRole('link', { name: 'New auth provider' }).click();
    const form = page.getByRole('form', { name: 'New auth provider' });
    await form.getByLabel(/^Name/).fill('anyone');
    await form.getByLabel('Client ID').fill('deskgate-app');
    await form.getByLabel('Issuer').fill('https://login.microsoftonline.com/organizations/v2.0');
    const autoRegister = form.getByRole('checkbox', { name: 'Auto-register new users' });
    expect(await autoRegister.isChecked()).toBe(true);
    // Saving without the acknowledgement: the server's sentence shows.
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText(/List your tenant IDs under Who gets in/).waitFor();
    await form.getByRole('checkbox', { name: 'Any Microsoft Entra tenant may sign in' }).check();
    await expect.poll(() => autoRegister.isChecked()).toBe(false);
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Any Entra tenant', { exact: true }).waitFor();

    const row = await server.db.kysely
      .selectFrom('oidc_providers')
      .selectAll()
      .where('name_key', '=', 'anyone')
      .executeTakeFirstOrThrow();
    expect(row.callback_origin).toBe(server.url);
    expect(JSON.parse(row.settings)).toMatchObject({ anyEntraTenant: true, autoRegister: false });
    expect(violations).toEqual([]);
  });

  it('shows Swagger UI at /api-docs without a CSP violation', async () => {
    const page = await watchedPage();
    // Not the load event (every Swagger UI asset, twice over the 15 s limit under load): what is drawn is waited for.
    await page.goto(`${server.url}/api-docs`, { waitUntil: 'domcontentloaded' });
    await page.getByText('DeskGate API').first().waitFor();
    await page.locator('.opblock').first().waitFor();
    expect(violations).toEqual([]);
  });

  it('cannot be framed by another site', async () => {
    const admin = await signIn(server.app);
    const res = await server.app.inject({ method: 'GET', url: '/', headers: admin.headers });
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });
});
