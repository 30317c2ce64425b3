import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type TestApp } from '../harness.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

const HELPDESK_PASSWORD = 'hana-helpdesk-pass-7731';

async function logIn(page: Page, url: string, username: string, password: string, button: string) {
  await page.goto(url);
  await page.locator('input[name="username"], input[autocomplete="username"]').first().fill(username);
  await page.locator('input[type="password"]').first().fill(password);
  await page.getByRole('button', { name: button }).click();
}

describe.runIf(chromiumAvailable())('roles in Chromium', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  beforeAll(async () => {
    server = await startConsoleServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a role from the matrix and gives a new user the Helpdesk role', async () => {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD, 'Log in');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'Roles' }).click();
    await page.getByRole('button', { name: 'New role' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Night desk');
    await dialog.getByRole('radio', { name: 'Devices: Manage' }).check();
    await dialog.getByRole('radio', { name: 'Audit log: Read' }).check();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Devices: Manage, Audit log: Read').waitFor();
    await page.screenshot({ path: '/tmp/deskgate-roles.png' });
    const role = await server.db.kysely
      .selectFrom('roles')
      .selectAll()
      .where('name_key', '=', 'night desk')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(role.permissions)).toEqual({ devices: 'manage', audit: 'read' });

    // Row menus (issue 11): a custom role is edited from its menu; a built-in one only shows its matrix.
    await page.getByRole('button', { name: 'Actions for Night desk' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    await page.getByRole('dialog', { name: 'Edit role' }).getByLabel('Name').fill('Night shift');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Night shift', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Actions for Helpdesk' }).click();
    // allTextContents does not wait: the menu opens a frame after the click, while Night desk's may still be closing.
    await expect.poll(() => page.getByRole('menuitem').allTextContents()).toEqual(['Permissions']);
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    await dialog.getByLabel('Username').fill('hana');
    await dialog.getByLabel('Password').fill(HELPDESK_PASSWORD);
    await dialog.getByRole('textbox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Helpdesk' }).click();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: /Helpdesk/ }).waitFor();
    const hana = await server.db.kysely
      .selectFrom('users')
      .select(['role_id', 'is_admin'])
      .where('username_key', '=', 'hana')
      .executeTakeFirstOrThrow();
    expect(hana).toEqual({ role_id: 'helpdesk', is_admin: 0 });
  });

  for (const lang of [
    {
      locale: 'en-US',
      logIn: 'Log in',
      shown: ['Devices', 'Address books', 'Users', 'My account'],
      hidden: ['Settings', 'Groups', 'Audit log', 'Device groups'],
      users: 'Users',
      newUser: 'New user',
    },
    {
      locale: 'ja-JP',
      logIn: 'サインイン',
      shown: ['デバイス', 'アドレス帳', 'ユーザー', 'マイアカウント'],
      hidden: ['設定', 'グループ', '監査ログ', 'デバイスグループ'],
      users: 'ユーザー',
      newUser: '新しいユーザー',
    },
  ]) {
    it(`shows a Helpdesk user devices and address books, no settings, and users read-only (${lang.locale})`, async () => {
      const page = await (await browser.newContext({ locale: lang.locale })).newPage();
      await logIn(page, server.url, 'hana', HELPDESK_PASSWORD, lang.logIn);
      const nav = page.getByRole('navigation');
      for (const name of lang.shown) await nav.getByRole('link', { name, exact: true }).waitFor();
      for (const name of lang.hidden)
        expect(await nav.getByRole('link', { name, exact: true }).count()).toBe(0);
      await nav.getByRole('link', { name: lang.users, exact: true }).click();
      await page.getByRole('cell', { name: 'hana' }).first().waitFor();
      expect(await page.getByRole('button', { name: lang.newUser }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /admin$/ }).count()).toBe(0);
      await page.screenshot({ path: `/tmp/deskgate-helpdesk-${lang.locale}.png` });
    });
  }
});
