import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, signIn, type TestApp } from '../harness.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

// Issue 12: an admin copies Entra's Tenant URL and Secret Token, and the logout URLs, from the provider page;
// the secret is shown once and works against /scim/v2 at once.
describe.runIf(chromiumAvailable())('directory sync on the provider page in Chromium', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchChromium()]);
    const admin = await signIn(server.app);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers: admin.headers,
      payload: {
        name: 'azure',
        type: 'entra',
        clientId: 'deskgate-app',
        issuer: `https://login.microsoftonline.com/${randomUUID()}/v2.0`,
        callbackOrigin: server.url,
      },
    });
    expect(res.statusCode).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('generates a secret token shown once, and shows the URLs to register', async () => {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'OIDC' }).click();
    await page.getByRole('button', { name: 'Actions for azure' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    // The provider editor is a page of its own (issue 11); directory sync is a section of it.
    const dialog = page.getByRole('main');
    expect(await dialog.getByLabel('Tenant URL').inputValue()).toBe(`${server.url}/scim/v2`);
    expect(await dialog.getByLabel('Front-channel logout URL').inputValue()).toBe(
      `${server.url}/api/oidc/frontchannel-logout/azure`,
    );
    await dialog.getByText('No secret token yet').waitFor();
    await dialog.getByRole('button', { name: 'Generate secret token' }).click();
    // The token is read once it is shown, not from whatever field is there the moment after the click.
    await dialog.getByText('Copy the secret token now').waitFor();
    const secret = await dialog.getByLabel('Secret Token').inputValue();
    expect(secret).toMatch(/^dgscim_/);
    const users = await fetch(`${server.url}/scim/v2/Users`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(users.status).toBe(200);
    // Opened again, the page knows a secret exists but cannot show it.
    await page.reload();
    await dialog.getByText('A secret token exists').waitFor();
    expect(await dialog.getByLabel('Secret Token').count()).toBe(0);
  });
});
