import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, signIn, type TestApp } from '../harness.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

// Issue 13 §4: "Approve all shown" approved only the page shown. 25 pending devices: more than a page.
const ids = Array.from({ length: 25 }, (_, i) => String(710_000_000 + i));

describe.runIf(chromiumAvailable())('Approve all matching on the Devices page in Chromium', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startConsoleServer();
    await server.app.inject({
      method: 'PUT',
      url: '/api/console/device-approval/settings',
      headers: (await signIn(server.app)).headers,
      payload: { requireApproval: true, approveOnSignIn: false },
    });
    for (const id of [...ids, '720000000']) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/sysinfo',
        payload: { id, uuid: Buffer.from(`u-${id}`).toString('base64'), hostname: `pc-${id}`, os: 'linux' },
      });
      expect(res.body).toBe('SYSINFO_UPDATED');
    }
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('asks with the count of every matching pending device, then approves them all', async () => {
    await page.goto(server.url);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    await page.getByRole('textbox', { name: 'Search' }).fill('pc-71');
    await page.getByRole('button', { name: 'Approve all matching' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Approve 25 pending devices').waitFor();
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect
      .poll(async () =>
        (await server.db.kysely.selectFrom('devices').select('id').where('pending', '=', 1).execute()).map(
          (d) => d.id,
        ),
      )
      .toEqual(['720000000']);
  });
});
