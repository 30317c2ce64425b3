import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupRequest, groupUrl } from '../accessible-devices.ts';
import { clientLogin, createGroup, createUser } from '../address-books.ts';
import { ADMIN_PASSWORD, signIn, type TestApp } from '../harness.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

// One machine as the client registers it (spec §5.2); its "Accessible devices" read as in §7.
const LAB_PC = { id: '600000001', uuid: Buffer.from('lab-pc-uid').toString('base64'), hostname: 'lab-pc' };
const DESK_PC = { id: '600000002', uuid: Buffer.from('desk-pc-uid').toString('base64'), hostname: 'desk-pc' };

describe.runIf(chromiumAvailable())('Device groups and access rules in Chromium', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  let page: Page;
  let ritaToken: string;
  const ritaPeers = async () =>
    (await groupRequest(server.app, ritaToken, groupUrl('peers', 1)))
      .json()
      .data.map((p: { id: string }) => p.id);

  beforeAll(async () => {
    server = await startConsoleServer();
    for (const pc of [LAB_PC, DESK_PC]) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/sysinfo',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ ...pc, os: 'linux / Ubuntu 24.04', username: 'tech', version: '1.4.9' }),
      });
      expect(res.body).toBe('SYSINFO_UPDATED');
    }
    const admin = await signIn(server.app);
    // desk-pc belongs to the admin, a member of the Default group.
    await server.app.inject({
      method: 'PATCH',
      url: `/api/console/devices/${DESK_PC.id}`,
      headers: admin.headers,
      payload: { userId: admin.userId },
    });
    const support = await createGroup(server.app, admin, 'Support');
    await createUser(server.app, admin, 'rita', { groupId: support });
    ritaToken = await clientLogin(server.app, 'rita', 'rita-password', '600000099');
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('device group + grant, disable, group device access: the client lists exactly the result', async () => {
    expect(await ritaPeers()).toEqual([]);
    await page.goto(server.url);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();

    await page.getByRole('link', { name: 'Device groups' }).click();
    await page.getByRole('button', { name: 'New device group' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Lab');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    const lab = page.getByRole('row').filter({ hasText: 'Lab' });
    await expect.poll(() => lab.textContent()).toContain('Nobody');

    await page.getByRole('link', { name: 'Devices', exact: true }).click();
    await page.getByRole('button', { name: `Actions for ${LAB_PC.id}` }).click();
    await page.getByRole('menuitem', { name: 'Assign' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Device group' }).click();
    await page.getByRole('option', { name: 'Lab' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    const row = page.getByRole('row').filter({ hasText: LAB_PC.id });
    await expect.poll(() => row.textContent()).toContain('Lab');

    await page.getByRole('link', { name: 'Device groups' }).click();
    await page.getByRole('button', { name: 'Actions for Lab' }).click();
    await page.getByRole('menuitem', { name: 'Access' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'User groups' }).click();
    await page.getByRole('option', { name: 'Support' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => lab.textContent()).toMatch(/Support.*1|1.*Support/); // one device
    await page.screenshot({ path: '/tmp/deskgate-device-groups.png' });
    expect(await ritaPeers()).toEqual([LAB_PC.id]);
    const groups = (await groupRequest(server.app, ritaToken, groupUrl('device-group/accessible', 1))).json();
    expect(groups).toEqual({ total: 1, data: [{ name: 'Lab' }] });

    // Disabled: marked in the console, gone from the client's list.
    await page.getByRole('link', { name: 'Devices', exact: true }).click();
    await page.getByRole('button', { name: `Actions for ${LAB_PC.id}` }).click();
    await page.getByRole('menuitem', { name: 'Disable' }).click();
    await expect.poll(() => row.textContent()).toContain('Disabled');
    expect(await ritaPeers()).toEqual([]);
    await page.getByRole('textbox', { name: 'Search' }).fill('lab');
    await expect.poll(() => page.getByRole('row').count()).toBe(2); // header + lab-pc, found by its group
    await page.screenshot({ path: '/tmp/deskgate-devices-assigned.png' });
    await page.getByRole('textbox', { name: 'Search' }).fill('');

    // Support may access the Default group's devices: rita now lists the admin's desk-pc.
    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    await page.getByRole('button', { name: 'Actions for Support' }).click();
    await page.getByRole('menuitem', { name: 'Device access' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'User groups' }).click();
    await page.getByRole('option', { name: 'Default' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await ritaPeers()).toEqual([DESK_PC.id]);

    // The same page in Japanese.
    await page.getByRole('textbox', { name: 'Language' }).click();
    await page.getByRole('option', { name: '日本語' }).click();
    await page.getByRole('link', { name: 'デバイスグループ' }).click();
    await page.getByRole('button', { name: '新しいデバイスグループ' }).waitFor();
    await page.screenshot({ path: '/tmp/deskgate-device-groups-ja.png' });
  });
});
