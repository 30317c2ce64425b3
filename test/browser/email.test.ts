import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleSession, signIn, type TestApp } from '../harness.ts';
import { SMTP_PASSWORD, SMTP_USER, type SmtpServer, startSmtpServer } from '../smtp.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

const PASSWORD = 'a-long-local-password-7';

describe.runIf(chromiumAvailable())('email sign-in code and password reset in Chromium', () => {
  let server: TestApp & { url: string };
  let smtp: SmtpServer;
  let browser: Browser;
  let page: Page;
  let admin: ConsoleSession;

  async function createUser(username: string, email: string, loginVerification: boolean) {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/console/users',
      headers: admin.headers,
      payload: { username, email, password: PASSWORD },
    });
    const { id } = res.json() as { id: string };
    await server.app.inject({
      method: 'PUT',
      url: `/api/console/users/${id}/mail-prefs`,
      headers: admin.headers,
      payload: { language: 'en', loginVerification },
    });
  }

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startConsoleServer();
    admin = await signIn(server.app);
    // Saved "from" the console's own address, so the links in mails open this server.
    const saved = await server.app.inject({
      method: 'PUT',
      url: '/api/console/settings/email',
      headers: { ...admin.headers, host: new URL(server.url).host },
      payload: {
        host: 'localhost',
        port: smtp.port,
        security: 'starttls',
        caPem: smtp.caPem,
        username: SMTP_USER,
        password: SMTP_PASSWORD,
        fromAddress: 'DeskGate <deskgate@example.org>',
        loginVerificationAll: false,
      },
    });
    expect(saved.statusCode).toBe(200);
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    page.setDefaultTimeout(30_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.stop();
  });

  it('signs in with a code sent by email', { timeout: 120_000 }, async () => {
    await createUser('mia', 'mia@example.org', true);
    await page.goto(server.url);
    await page.getByLabel('Username').fill('mia');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('We sent a 6-digit code to your email address.').waitFor();
    const mail = await smtp.nextMail('mia@example.org');
    const code = /\b(\d{6})\b/.exec(mail.text ?? '')?.[1] ?? '';
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Username').waitFor();
  });

  it('resets a forgotten password from the login page', { timeout: 120_000 }, async () => {
    await createUser('noah', 'noah@example.org', false);
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email address').fill('noah@example.org');
    await page.getByRole('button', { name: 'Send link' }).click();
    await page.getByText('If the address belongs to an account, a link is on its way.').waitFor();
    const mail = await smtp.nextMail('noah@example.org');
    const link = /(http:\/\/\S+\/set-password\?token=\S+)/.exec(mail.text ?? '')?.[1] ?? '';
    expect(link.startsWith(server.url)).toBe(true);
    await page.goto(link);
    await page.getByLabel('New password').fill('noah-picks-a-new-password-5');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('Your password is set. You can sign in now.').waitFor();
    await page.getByRole('link', { name: 'Back to sign-in' }).click();
    await page.getByLabel('Username').fill('noah');
    await page.getByLabel('Password').fill('noah-picks-a-new-password-5');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  });
});
