import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialJsKb } from '../../bench/console.ts';
import { registerDevice } from '../devices.ts';
import { ADMIN_PASSWORD, signIn, type TestApp } from '../harness.ts';
import {
  chromiumAvailable,
  launchChromium,
  navigateInApp,
  startConsoleServer,
  watchNetwork,
} from './browser.ts';

// Issue 11: dashboard, mobile layout, shared tables and a readable audit log, at 1440 × 900 and
// 390 × 844, in English and Japanese.
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const NEW_PASSWORD = 'violet-harbour-lantern-42';

/** Nothing wider than the viewport, no badge cut to "E…", no header overflowing. */
// A string, run in the page: the test project has no DOM types.
const LAYOUT_PROBLEMS = `(() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) problems.push('page ' + root.scrollWidth + 'px > ' + window.innerWidth + 'px');
  for (const el of document.querySelectorAll('.mantine-Badge-label, .mantine-Badge-root')) {
    if (el.scrollWidth > el.clientWidth) problems.push('badge "' + el.textContent + '" truncated');
  }
  const header = document.querySelector('header');
  if (header && header.scrollWidth > header.clientWidth) problems.push('header overflows');
  return problems;
})()`;
const layoutProblems = (page: Page) => page.evaluate<string[]>(LAYOUT_PROBLEMS);

describe.runIf(chromiumAvailable())('console UI (issue 11) in Chromium', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  let headers: Record<string, string>;
  const open = async (size: typeof DESKTOP, locale: 'en-US' | 'ja-JP') => {
    const context = await browser.newContext({ locale, viewport: size });
    const page = await context.newPage();
    watchNetwork(page);
    page.setDefaultTimeout(20_000);
    const password = (await passwordChanged()) ? NEW_PASSWORD : ADMIN_PASSWORD;
    const res = await page.request.post(`${server.url}/api/console/auth/login`, {
      data: { username: 'admin', password },
    });
    expect(res.status()).toBe(200);
    return page;
  };
  const passwordChanged = async () =>
    (await server.db.kysely
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'user.password.change')
      .executeTakeFirst()) !== undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchChromium()]);
    headers = (await signIn(server.app)).headers;
    const group = await server.app.inject({
      method: 'POST',
      url: '/api/console/groups',
      headers,
      payload: { name: 'IT Support' },
    });
    for (const [username, enabled, groupId] of [
      ['carol', true, undefined],
      ['bob', false, group.json().id],
      ['alice', true, undefined],
    ] as const) {
      await server.app.inject({
        method: 'POST',
        url: '/api/console/users',
        headers,
        payload: {
          username,
          enabled,
          email: `${username}@contoso.example`,
          displayName: `${username} from a rather long department name`,
          ...(groupId ? { groupId } : {}),
        },
      });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps the initial JS within 250 KB gzipped (the chart is loaded lazily)', () => {
    expect(initialJsKb()).toBeLessThanOrEqual(250);
  });

  it('dashboard: the first-run checklist ticks itself and the sign-ins are counted (1440 px, English)', async () => {
    const page = await open(DESKTOP, 'en-US');
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Getting started' }).waitFor();
    expect(await page.getByTestId('check-password').getAttribute('data-done')).toBe('false');
    expect(await page.getByTestId('check-device').getAttribute('data-done')).toBe('false');
    await page
      .getByTestId('sign-in-totals')
      .getByText(/^[1-9]\d* succeeded/)
      .waitFor();
    await page.getByText('No sign-in provider yet.').waitFor();

    // Change the printed password, a device arrives: both items tick.
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByLabel('Current password').fill(ADMIN_PASSWORD);
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your password was changed.').waitFor();
    await registerDevice(server.app, '123456789', 'dQ==');
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await expect.poll(() => page.getByTestId('check-password').getAttribute('data-done')).toBe('true');
    await expect.poll(() => page.getByTestId('check-device').getAttribute('data-done')).toBe('true');
    expect(await page.getByTestId('devices-online').textContent()).toContain('1');
    await page.getByTestId('recent-actions').getByText('admin changed their own password').waitFor();
    // The lazily loaded chart draws (recharts renders an SVG).
    await page.locator('.recharts-surface').first().waitFor();
    expect(await layoutProblems(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/deskgate-dashboard.png', fullPage: true });
    await page.context().close();
  });

  it('users: sort by a column, filter by status, act from the row menu (1440 px)', async () => {
    const page = await open(DESKTOP, 'en-US');
    await page.goto(`${server.url}/users`);
    const table = page.getByRole('table', { name: 'Users' });
    const firstNames = async () =>
      (await table.locator('tbody tr td:first-child').allTextContents()).map((s) => s.trim());
    await page.getByRole('button', { name: 'Sort by Username' }).click();
    await expect.poll(firstNames).toEqual(['admin', 'alice', 'bob', 'carol']);
    await page.getByRole('button', { name: 'Sort by Username' }).click();
    await expect.poll(firstNames).toEqual(['carol', 'bob', 'alice', 'admin']);

    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Disabled' });
    await expect.poll(firstNames).toEqual(['bob']);
    await page.getByRole('button', { name: 'Actions for bob' }).click();
    await page.getByRole('menuitem', { name: 'Enable' }).click();
    await page.getByText('No users match.').waitFor();
    expect(await layoutProblems(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/deskgate-users.png', fullPage: true });
    await page.context().close();
  });

  it('user page: Edit / Disable / Reset password, the devices, no Link identity without a provider', async () => {
    const page = await open(DESKTOP, 'en-US');
    await page.goto(`${server.url}/users`);
    await page.getByRole('link', { name: 'carol' }).click();
    await page.getByRole('heading', { name: 'carol' }).waitFor();
    await page.getByRole('button', { name: 'Reset password' }).click();
    await page.getByText('New password for carol (shown once):').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('button', { name: 'Enable' }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('dialog').getByLabel('Display name').fill('Carol Danvers');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Carol Danvers').waitFor();
    await page.getByRole('heading', { name: 'Devices', exact: true }).waitFor();
    await page.getByText('No device is assigned to this user.').waitFor();
    expect(await page.getByRole('button', { name: 'Link identity' }).count()).toBe(0);
    await page.context().close();
  });

  it('audit: entries read as sentences in English and Japanese, the raw record one click away', async () => {
    const book = await server.app.inject({
      method: 'POST',
      url: '/api/console/address-books',
      headers: (await signIn(server.app, 'admin', (await passwordChanged()) ? NEW_PASSWORD : ADMIN_PASSWORD))
        .headers,
      payload: { name: 'Helpdesk' },
    });
    expect(book.statusCode, book.body).toBeLessThan(300);
    const page = await open(DESKTOP, 'en-US');
    await page.goto(`${server.url}/audit`);
    const row = page.getByRole('row').filter({ hasText: 'admin created address book Helpdesk' });
    await row.waitFor();
    await row.getByRole('button', { name: /Show the raw record/ }).click();
    await expect
      .poll(() => page.getByRole('dialog').textContent())
      .toContain('"action": "address-book.create"');
    await page.context().close();

    const ja = await open(DESKTOP, 'ja-JP');
    await ja.goto(`${server.url}/audit`);
    await ja.getByRole('row').filter({ hasText: 'admin がアドレス帳 Helpdesk を作成しました' }).waitFor();
    await ja.screenshot({ path: '/tmp/deskgate-audit-sentences-ja.png', fullPage: true });
    await ja.context().close();
  });

  for (const locale of ['en-US', 'ja-JP'] as const) {
    it(`phone (390 px, ${locale}): the burger opens and closes the navigation, nothing overflows or is cut off`, async () => {
      const page = await open(PHONE, locale);
      const ja = locale === 'ja-JP';
      await page.goto(server.url);
      await page.getByRole('heading', { name: ja ? 'ダッシュボード' : 'Dashboard' }).waitFor();
      const usersLink = page.getByRole('link', { name: ja ? 'ユーザー' : 'Users', exact: true });
      expect(await usersLink.isVisible()).toBe(false);
      const burger = page.getByRole('button', { name: ja ? 'メニューを開く' : 'Open navigation' });
      await burger.click();
      await usersLink.waitFor({ state: 'visible' });
      await page.getByRole('button', { name: ja ? 'メニューを閉じる' : 'Close navigation' }).click();
      await usersLink.waitFor({ state: 'hidden' });
      expect(await layoutProblems(page)).toEqual([]);

      await page.getByRole('button', { name: ja ? 'メニューを開く' : 'Open navigation' }).click();
      await usersLink.click();
      await usersLink.waitFor({ state: 'hidden' }); // it closes after the move
      // Rows become cards: every user with its badges whole.
      const cards = page.getByRole('list', { name: ja ? 'ユーザー' : 'Users' }).getByRole('listitem');
      await expect.poll(() => cards.count()).toBe(4);
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: `/tmp/deskgate-users-phone-${locale}.png`, fullPage: true });

      // In-app moves, as the navigation does: the app is not loaded again for each page.
      for (const path of [
        '/',
        '/groups',
        '/devices',
        '/device-groups',
        '/address-books',
        '/audit',
        '/settings/audit',
      ]) {
        await navigateInApp(page, path);
        await page.getByRole('main').getByRole('heading').first().waitFor();
        expect(await layoutProblems(page), path).toEqual([]);
      }
      await page.context().close();
    });
  }
});
