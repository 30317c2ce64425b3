import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type TestApp } from '../harness.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

describe.runIf(chromiumAvailable())('console in Chromium', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    server = await startConsoleServer();
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en-US' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the server’s words for a wrong password', async () => {
    await page.goto(server.url);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong username or password.');
  });

  it('logs in, creates, edits and disables a user, creates a group', async () => {
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Username').fill('dana');
    await dialog.getByLabel('Display name').fill('Dana Scully');
    await dialog.getByLabel('Email').fill('dana@example.com');
    await dialog.getByLabel('Password').fill('dana-password');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Dana Scully').waitFor();

    // Row actions live in each row's menu (issue 11).
    await page.getByRole('button', { name: 'Actions for dana' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    await page.getByRole('dialog').getByLabel('Display name').fill('Dana K. Scully');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Dana K. Scully').waitFor();

    await page.getByRole('button', { name: 'Actions for dana' }).click();
    await page.getByRole('menuitem', { name: 'Disable' }).click();
    await page.getByRole('button', { name: 'Actions for dana' }).click();
    await page.getByRole('menuitem', { name: 'Enable' }).waitFor();
    await page.keyboard.press('Escape');
    const row = await server.db.kysely
      .selectFrom('users')
      .selectAll()
      .where('username_key', '=', 'dana')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe(0);

    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    await page.getByRole('button', { name: 'New group' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Support');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: 'Support', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Members Default' }).click();
    await page.getByRole('dialog').getByText('dana (Dana K. Scully)').waitFor();
    await page.keyboard.press('Escape');
    await page.screenshot({ path: '/tmp/deskgate-groups.png' });
  });

  it('switches to Japanese and back, and logs out', async () => {
    await page.getByRole('textbox', { name: 'Language' }).click();
    await page.getByRole('option', { name: '日本語' }).click();
    await page.getByRole('link', { name: '設定' }).click();
    await page.getByRole('tab', { name: 'OIDC' }).click();
    const callback = page.getByLabel('コールバックURL');
    expect(await callback.inputValue()).toBe(`${server.url}/api/oidc/callback`);
    await page.screenshot({ path: '/tmp/deskgate-oidc-ja.png' });
    await page.getByRole('textbox', { name: '言語' }).click();
    await page.getByRole('option', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
  });
});
