import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, signIn, type TestApp } from '../harness.ts';
import { startTestOp, type TestOp } from '../op/index.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

// The Entra ID setup guide, end to end: the admin copies the Callback URL, adds the provider with
// "New auth provider", and a colleague signs in with "Continue with azure" at the (real, local) OP.
describe.runIf(chromiumAvailable())('single sign-on in Chromium', () => {
  const tenant = randomUUID();
  let server: TestApp & { url: string };
  let op: TestOp;
  let browser: Browser;
  beforeAll(async () => {
    [server, op, browser] = await Promise.all([
      startConsoleServer(),
      startTestOp({ tenants: [tenant] }),
      launchChromium(),
    ]);
    await op.addUser(tenant, {
      accountId: 'carol',
      claims: { email: 'carol@contoso.example', name: 'Carol Danvers' },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await op?.stop();
    await server?.close();
  });

  it('follows the guide: Callback URL, New auth provider, Continue with azure', async () => {
    const admin = await (await browser.newContext({ locale: 'en-US' })).newPage();
    admin.setDefaultTimeout(20_000);
    await admin.goto(server.url);
    await admin.getByLabel('Username').fill('admin');
    await admin.getByLabel('Password').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Log in' }).click();
    await admin.getByRole('link', { name: 'Settings' }).click();
    await admin.getByRole('tab', { name: 'OIDC' }).click();
    const callbackUrl = await admin.getByLabel('Callback URL').inputValue();
    expect(callbackUrl).toBe(`${server.url}/api/oidc/callback`);
    // Step 5 of the guide: the callback URL is registered at the IdP as the redirect URI.
    await op.addClient({
      client_id: 'deskgate-app',
      client_secret: 'guide-secret',
      redirect_uris: [callbackUrl],
    });

    await admin.getByRole('link', { name: 'New auth provider' }).click();
    const form = admin.getByRole('form', { name: 'New auth provider' });
    await form.getByLabel(/^Name/).fill('azure');
    await form.getByLabel('Client ID').fill('deskgate-app');
    await form.getByLabel('Client secret', { exact: true }).fill('guide-secret');
    await form.getByLabel('Issuer').fill(op.issuer(tenant));
    await form.getByRole('button', { name: 'Test' }).click();
    await form
      .getByText('The discovery document was read and its issuer matches exactly.', { exact: false })
      .waitFor();
    await form.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('cell', { name: 'azure', exact: true }).waitFor();

    const colleague = await (await browser.newContext({ locale: 'en-US' })).newPage();
    colleague.setDefaultTimeout(20_000);
    await colleague.goto(server.url);
    await colleague.getByRole('link', { name: 'Continue with azure' }).click();
    await colleague.getByLabel('Username').fill('carol');
    await colleague.getByRole('button', { name: 'Sign in' }).click();
    await colleague.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await colleague.getByText('Welcome, Carol Danvers.').waitFor();

    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.getByText('carol@contoso.example').waitFor();
    await admin.screenshot({ path: '/tmp/deskgate-sso-users.png' });
  });

  it('tells a Japanese reader why a sign-in failed, in Japanese', async () => {
    const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    page.setDefaultTimeout(20_000);
    const start = await fetch(`${server.url}/api/oidc/callback?state=forged&code=x`, { redirect: 'manual' });
    await page.goto(new URL(String(start.headers.get('location')), server.url).href);
    await page
      .getByText('このサインインリンクは期限切れか、すでに使用されています。', { exact: false })
      .waitFor();
  });

  // form_post: the OP's page POSTs the response cross-site, so the SameSite=Lax binding cookie stays home;
  // DeskGate's same-origin re-post must bring it. DeskGate is reached as `localhost` and the OP as
  // `127.0.0.1`: two different sites, as with a real IdP (ports alone would not make them cross-site).
  for (const [name, responseType] of [
    ['hybrid', 'code id_token'],
    ['implicit', 'id_token'],
  ] as const) {
    it(`signs in with ${responseType} + form_post across sites (${name})`, async () => {
      const site = server.url.replace('127.0.0.1', 'localhost');
      await op.addClient({
        client_id: `deskgate-${name}`,
        client_secret: 'form-post-secret',
        redirect_uris: [`${site}/api/oidc/callback`],
        response_types: [responseType],
      });
      const admin = await signIn(server.app);
      const created = await server.app.inject({
        method: 'POST',
        url: '/api/console/sso/providers',
        headers: admin.headers,
        payload: {
          name,
          type: 'entra',
          clientId: `deskgate-${name}`,
          clientSecret: 'form-post-secret',
          issuer: op.issuer(tenant),
          responseType,
          // Saved from the console at the address people use, as an admin would (issue 9 §6).
          callbackOrigin: site,
        },
      });
      expect(created.statusCode).toBe(201);

      const context = await browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const callbacks: string[] = [];
      page.on('response', (response) => {
        const request = response.request();
        if (request.url().endsWith('/api/oidc/callback'))
          callbacks.push(`${request.method()} ${response.status()} ${request.headers().origin ?? ''}`);
      });
      await page.goto(site);
      await page.getByRole('link', { name: `Continue with ${name}` }).click();
      await page.getByLabel('Username').fill('carol');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      // The cross-site POST got the re-post page; the same-origin re-post carried the cookie and signed in.
      expect(callbacks).toEqual([`POST 200 ${op.origin}`, `POST 302 ${site}`]);
      const cookies = await context.cookies(site);
      expect(cookies.find((c) => c.name === 'deskgate_session')).toBeDefined();
      await context.close();
    });
  }
});
