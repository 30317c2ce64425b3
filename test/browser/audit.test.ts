import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../devices.ts';
import { ADMIN_PASSWORD, type TestApp } from '../harness.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

describe.runIf(chromiumAvailable())('audit log in Chromium', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    server = await startConsoleServer();
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows an admin change in the trail, filters it, exports it and saves the retention', async () => {
    await page.goto(server.url);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    // The admin change: a new group.
    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    await page.getByRole('button', { name: 'New group' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Auditors');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: 'Auditors', exact: true }).waitFor();

    // A device event, uploaded as the RustDesk client does (from a registered device).
    await registerDevice(server.app, '123456789', 'dQ==');
    await fetch(`${server.url}/api/audit/alarm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"id":"123456789","uuid":"dQ==","typ":1,"info":"{\\"ip\\":\\"5.6.7.8\\",\\"id\\":\\"42\\",\\"name\\":\\"eve\\"}","conn_id":3,"nonce":"n-1"}',
    });

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    // Issue 11: the entry reads as a sentence, the raw record one click away.
    const row = page.getByRole('row').filter({ hasText: 'admin created group Auditors' });
    await row.waitFor();
    await row.getByRole('button', { name: /Show the raw record/ }).click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('"action": "group.create"');
    await page.keyboard.press('Escape');

    await page.getByLabel('User').fill('nobody-like-this');
    await page.getByText('No entries match.').waitFor();
    await page.getByLabel('User').fill('admin');
    await row.waitFor();
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toContain('user=admin');
    const csv = await page.request.get(`${server.url}${href}`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('"group.create","Auditors"');

    await page.getByRole('tab', { name: 'Device events' }).click();
    const alarm = page.getByRole('row').filter({ hasText: 'over-30-failed-attempts' });
    await alarm.waitFor();
    expect(await alarm.textContent()).toContain('42 · eve');

    // Retention lives on its own Settings tab (issue 11).
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByLabel('Keep entries for (days)').fill('90');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Retention saved.').waitFor();
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'admin set the audit log to keep entries for 90 days' })
      .waitFor();
    await page.screenshot({ path: '/tmp/deskgate-audit.png', fullPage: true });

    await page.getByRole('textbox', { name: 'Language' }).click();
    await page.getByRole('option', { name: '日本語' }).click();
    await page.getByRole('heading', { name: '監査ログ' }).waitFor();
    await page.getByRole('tab', { name: 'デバイスのイベント' }).waitFor();
    await page.screenshot({ path: '/tmp/deskgate-audit-ja.png', fullPage: true });
  });
});
