import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type TestApp } from '../harness.ts';
import { totpCode } from '../two-factor.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

describe.runIf(chromiumAvailable())('two-factor sign-in in Chromium', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    server = await startConsoleServer();
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function passwordStep() {
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  it('enrols with the QR page, logs out, and logs in again with a code', { timeout: 120_000 }, async () => {
    await page.goto(server.url);
    await passwordStep();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel('Code').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('heading', { name: 'Backup codes' }).waitFor();
    const codes = await page.getByLabel('Backup codes').locator('code').allTextContents();
    expect(codes).toHaveLength(6);
    await page.screenshot({ path: '/tmp/deskgate-2fa-backup-codes.png' });
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByText('Two-factor sign-in is on. Backup codes left: 6.').waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await passwordStep();
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    await page.getByLabel('Code').fill('000000' === totpCode(secret, 1) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The code is wrong');
    // The enrolment used the current time-step; the next one (inside the ±1 tolerance) is fresh.
    await page.getByLabel('Code').fill(totpCode(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  });

  it("shows 2FA on the admin's user page, and Reset 2FA turns it off", { timeout: 120_000 }, async () => {
    const admin = await server.db.kysely
      .selectFrom('users')
      .select('id')
      .where('username_key', '=', 'admin')
      .executeTakeFirstOrThrow();
    await page.goto(`${server.url}/users/${admin.id}`);
    await page.getByText('On (6 backup codes left)').waitFor();
    await page.getByRole('button', { name: 'Reset 2FA' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reset 2FA' }).click();
    await page.getByText('Two-factor sign-in was reset.').waitFor();
    await page.getByText('Off', { exact: true }).waitFor();
    expect(await server.db.kysely.selectFrom('user_two_factor').selectAll().execute()).toEqual([]);
  });
});
