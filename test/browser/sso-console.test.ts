import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, signIn, type TestApp } from '../harness.ts';
import { startTestOp, type TestOp } from '../op/index.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

// The admin-facing single sign-on tools in a real browser: Test sign-in in a new tab, the password form
// hidden behind "Sign in with a local account", and Log out that also signs out at the IdP.
describe.runIf(chromiumAvailable())('single sign-on administration in Chromium', () => {
  const tenant = randomUUID();
  let server: TestApp & { url: string };
  let op: TestOp;
  let browser: Browser;
  let oid = '';
  beforeAll(async () => {
    [server, op, browser] = await Promise.all([
      startConsoleServer(),
      startTestOp({ tenants: [tenant] }),
      launchChromium(),
    ]);
    oid = (
      await op.addUser(tenant, {
        accountId: 'frank',
        claims: { email: 'frank@contoso.example', name: 'Frank Example', groups: ['staff'] },
      })
    ).claims.oid;
    await op.addClient({
      client_id: 'deskgate-app',
      client_secret: 'guide-secret',
      redirect_uris: [`${server.url}/api/oidc/callback`],
      post_logout_redirect_uris: [`${server.url}/login`],
    });
    const admin = await signIn(server.app);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers: admin.headers,
      payload: {
        name: 'azure',
        type: 'entra',
        clientId: 'deskgate-app',
        clientSecret: 'guide-secret',
        issuer: op.issuer(tenant),
        endSessionEnabled: true,
        // Saved from the console at the server's address, as an admin would (issue 9 §6).
        callbackOrigin: server.url,
      },
    });
    expect(res.statusCode).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await op?.stop();
    await server?.close();
  });

  it('Test sign-in: a new tab signs in at the IdP and shows claims and verdict, creating nobody', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const admin = await context.newPage();
    admin.setDefaultTimeout(15_000);
    await admin.goto(server.url);
    await admin.getByLabel('Username').fill('admin');
    await admin.getByLabel('Password').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Log in' }).click();
    await admin.getByRole('link', { name: 'Settings' }).click();
    await admin.getByRole('tab', { name: 'OIDC' }).click();
    await admin.getByRole('button', { name: 'Actions for azure' }).click();
    const [tab] = await Promise.all([
      context.waitForEvent('page'),
      admin.getByRole('menuitem', { name: 'Test sign-in' }).click(),
    ]);
    tab.setDefaultTimeout(15_000);
    await tab.getByLabel('Username').fill('frank');
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('heading', { name: 'Test sign-in result' }).waitFor();
    await tab.getByText('Allowed: this person would be signed in.').waitFor();
    await tab.getByText('A new user frank would be created').waitFor();
    await tab.getByText(`"oid": "${oid}"`, { exact: false }).first().waitFor();
    expect(new URL(tab.url()).pathname).toMatch(/^\/settings\/oidc\/test\/[0-9a-f-]{36}$/);
    await tab.screenshot({ path: '/tmp/deskgate-test-sign-in.png', fullPage: true });
    const frank = await server.db.kysely
      .selectFrom('users')
      .select('id')
      .where('username_key', '=', 'frank')
      .executeTakeFirst();
    expect(frank).toBeUndefined();
    await context.close();
  });

  it('hides the password form behind "Sign in with a local account", which still signs a local admin in', async () => {
    const admin = await signIn(server.app);
    await server.app.inject({
      method: 'PUT',
      url: '/api/console/sso/settings',
      headers: admin.headers,
      payload: { hidePasswordLogin: true },
    });
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(server.url);
      const cont = page.getByRole('link', { name: 'Continue with azure' });
      await cont.waitFor();
      expect(await cont.locator('svg[data-provider-icon="entra"]').count()).toBe(1);
      // The providers and the login options are two queries, and the form is also absent while the options
      // load: wait for the local-account link (options loaded, form hidden) before counting fields.
      const local = page.getByRole('link', { name: 'Sign in with a local account' });
      await local.waitFor();
      expect(await page.getByLabel('Password').count()).toBe(0);
      await page.screenshot({ path: '/tmp/deskgate-login-sso-only.png' });
      await local.click();
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      // A bookmark of the emergency path works from a fresh browser too.
      const other = await (await browser.newContext({ locale: 'en-US' })).newPage();
      await other.goto(`${server.url}/login?local=1`);
      await other.getByLabel('Password').waitFor();
      await other.context().close();
    } finally {
      await server.app.inject({
        method: 'PUT',
        url: '/api/console/sso/settings',
        headers: admin.headers,
        payload: { hidePasswordLogin: false },
      });
      await context.close();
    }
  });

  it('Log out of an SSO session also signs out at the IdP and comes back to the login page', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Continue with azure' }).click();
    await page.getByLabel('Username').fill('frank');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Welcome, Frank Example.').waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
    // The OP asks to confirm (its own session is live), then sends the browser to <origin>/login.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/login`);
    await page.getByRole('link', { name: 'Continue with azure' }).waitFor();
    // Signed out at the IdP too: the next Continue asks for the username again.
    await page.getByRole('link', { name: 'Continue with azure' }).click();
    await page.getByLabel('Username').waitFor();
    await context.close();
  });
  it('a user’s page lists their sign-in identity; the admin unlinks it and links it again', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('link', { name: 'frank' }).click();
    const table = page.getByRole('table', { name: 'Sign-in identities' });
    await table.getByText(oid).waitFor();
    await page.getByRole('button', { name: `Unlink azure ${oid}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No identity at an auth provider is linked to this user.').waitFor();

    await page.getByRole('textbox', { name: 'Auth provider' }).click();
    await page.getByRole('option', { name: 'azure' }).click();
    await page.getByRole('textbox', { name: 'Subject' }).fill(oid);
    await page.getByRole('button', { name: 'Link identity' }).click();
    await table.getByText(oid).waitFor();
    await page.screenshot({ path: '/tmp/deskgate-identities.png', fullPage: true });
    await context.close();
  });
});
