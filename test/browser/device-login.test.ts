import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type TestApp } from '../harness.ts';
import { startTestOp, type TestOp } from '../op/index.ts';
import { fetchTransport, RustDeskClient } from '../rustdesk-client.ts';
import { chromiumAvailable, launchChromium } from './browser.ts';

// Issue 4's story over real HTTP: the RustDesk client (emulated) clicks "Continue with azure", Chromium
// opens the URL it got, the person signs in at the (real, local) OP, approves on DeskGate's confirmation
// page (its SameSite=Strict cookie must reach the form's POST), and the client's polling gets its token.
describe.runIf(chromiumAvailable())('RustDesk device login in Chromium', () => {
  const tenant = randomUUID();
  let server: TestApp & { url: string };
  let op: TestOp;
  let browser: Browser;
  beforeAll(async () => {
    let t: TestApp;
    [t, op, browser] = await Promise.all([
      buildTestApp('sqlite'),
      startTestOp({ tenants: [tenant] }),
      launchChromium(),
    ]);
    server = { ...t, url: await t.app.listen({ port: 0, host: '127.0.0.1' }) };
    await op.addClient({
      client_id: 'deskgate',
      client_secret: 'device-secret',
      redirect_uris: [`${server.url}/api/oidc/callback`],
    });
    await op.addUser(tenant, {
      accountId: 'carol',
      claims: { email: 'carol@contoso.example', name: 'Carol Danvers' },
    });
    const admin = await signIn(server.app);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/console/sso/providers',
      headers: admin.headers,
      payload: {
        name: 'azure',
        type: 'entra',
        clientId: 'deskgate',
        clientSecret: 'device-secret',
        issuer: op.issuer(tenant),
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

  it('signs the client in through the browser, once, and logout revokes the token', async () => {
    const rd = new RustDeskClient(fetchTransport(server.url), {
      id: '123456789',
      uuid: 'Y2Fyb2wtbWFjaGluZQ==',
      deviceInfo: { os: 'windows', type: 'client', name: 'carol-pc' },
    });
    expect(await rd.loginOptions()).toEqual([{ name: 'azure' }]);

    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    page.setDefaultTimeout(20_000);
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    const result = await rd.accountAuth('azure', {
      intervalMs: 250,
      timeoutMs: 60_000,
      apiDomain: server.url,
      openBrowser: async (url) => {
        await page.goto(url);
        await page.getByLabel('Username').fill('carol');
        await page.getByRole('button', { name: 'Sign in' }).click();
        // DeskGate's own confirmation before any token exists (issue 9 §1); same address, so one click.
        await page.getByRole('heading', { name: 'Sign in to RustDesk on this device?' }).waitFor();
        await page.getByRole('row', { name: 'Device 123456789 (carol-pc)' }).waitFor();
        await page.getByRole('row', { name: 'Operating system windows' }).waitFor();
        expect(await page.getByLabel(/type the ID/).count()).toBe(0);
        await page.screenshot({ path: '/tmp/deskgate-device-confirm.png' });
        await page.getByRole('button', { name: 'Approve' }).click();
        await page.getByText('Signed in as Carol Danvers on device 123456789 (carol-pc).').waitFor();
        await page.getByText('You can return to RustDesk.').waitFor();
      },
    });
    expect(result).toMatchObject({ state_msg: 'Login account auth', failed_msg: '' });
    expect(result.auth_body?.user).toMatchObject({ name: 'carol', status: 1, is_admin: false, info: {} });
    // The page's only stylesheet is allowed by its hash; nothing was blocked.
    // (The test project has no DOM types; the callback runs in the page.)
    const colour = await page
      .locator('h1')
      .evaluate(
        (e) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(e)
            .color,
      );
    expect(colour).toBe('rgb(43, 138, 62)');
    expect(cspViolations).toEqual([]);
    await page.screenshot({ path: '/tmp/deskgate-device-login.png' });

    const token = rd.accessToken as string;
    expect(await rd.currentUser()).toMatchObject({ kind: 'user', user: { name: 'carol' } });
    await rd.logout();
    rd.accessToken = token;
    expect(await rd.currentUser()).toMatchObject({ kind: 'loggedOut', status: 401 });
  });
});
