import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, signIn, type TestApp } from '../harness.ts';
import { HeartbeatClient } from '../rustdesk-sync.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

// Two machines as the RustDesk client registers them (spec §5.2) and signs in on them (§3.2).
const machine = (n: number, hostname: string, os: string) => ({
  id: String(700_000_000 + n),
  uuid: Buffer.from(`browser-machine-${n}`).toString('base64'),
  hostname,
  os,
});
const OFFICE = machine(1, 'office-pc', 'windows / Windows 11 Pro - 23H2');
const KIOSK = machine(2, 'kiosk', 'linux / Debian GNU/Linux 12');

describe.runIf(chromiumAvailable())('Devices page and Sign out in Chromium', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  let page: Page;
  let eveToken: string;
  let keepOnline: ReturnType<typeof setInterval> | undefined;
  const post = (url: string, payload: unknown, token?: string) =>
    fetch(`${server.url}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(payload),
    });

  beforeAll(async () => {
    server = await startConsoleServer();
    for (const m of [OFFICE, KIOSK]) {
      const res = await post('/api/sysinfo', {
        cpu: 'Intel(R) Core(TM) i5, 3.1GHz, 4/4 cores',
        memory: '7.7GB',
        username: 'eve',
        version: '1.4.9',
        ...m,
      });
      expect(await res.text()).toBe('SYSINFO_UPDATED');
    }
    // The kiosk was last seen an hour ago.
    await server.db.kysely
      .updateTable('device_presence')
      .set({ last_seen_at: Date.now() - 3_600_000 })
      .where('device_id', '=', KIOSK.id)
      .execute();
    await server.app.inject({
      method: 'POST',
      url: '/api/console/users',
      headers: (await signIn(server.app)).headers,
      payload: { username: 'eve', password: 'eve-password' },
    });
    const login = await post('/api/login', {
      username: 'eve',
      password: 'eve-password',
      id: OFFICE.id,
      uuid: OFFICE.uuid,
      type: 'account',
      autoLogin: true,
      deviceInfo: { os: 'windows', type: 'client', name: 'office-pc' },
    });
    eveToken = ((await login.json()) as { access_token: string }).access_token;
    // The office PC heartbeats as the client does: "Online" means seen within 30 s, and on a loaded machine the
    // file runs longer than that after the sign-in above, which was its only sign of life.
    const office = new HeartbeatClient(OFFICE.id, OFFICE.uuid);
    // A beat that meets the server closing after the last test is of no interest.
    keepOnline = setInterval(() => void office.beat(server.app).catch(() => {}), 5_000);

    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    clearInterval(keepOnline);
    await browser?.close();
    await server?.close();
  });

  it('lists devices with online/offline badges and the signed-in user; searches; edits a note; deletes', async () => {
    await page.goto(server.url);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('heading', { name: 'Devices' }).waitFor();

    const office = page.getByRole('row').filter({ hasText: OFFICE.id });
    for (const part of ['office-pc', 'Windows 11 Pro', '1.4.9', 'eve', 'Online'])
      await expect.poll(() => office.textContent()).toContain(part);
    const kiosk = page.getByRole('row').filter({ hasText: KIOSK.id });
    await expect.poll(() => kiosk.textContent()).toContain('Offline');

    // Mantine's segmented control hides its radios behind their labels: click the label, as a person does.
    const filter = (name: string) =>
      page.locator('.mantine-SegmentedControl-label', { hasText: new RegExp(`^${name}$`) }).click();
    await filter('Offline');
    await expect.poll(() => page.getByRole('row').count()).toBe(2); // header + kiosk
    await filter('All');

    await page.getByRole('textbox', { name: 'Search' }).fill('debian');
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await expect.poll(() => page.getByRole('row').nth(1).textContent()).toContain(KIOSK.id);
    await page.getByRole('textbox', { name: 'Search' }).fill('');

    // Sorted server-side by a header, either way (issue 11).
    await page.getByRole('button', { name: 'Sort by Host name' }).click();
    await expect.poll(() => page.getByRole('row').nth(1).textContent()).toContain(KIOSK.id);
    await page.getByRole('button', { name: 'Sort by Host name' }).click();
    await expect.poll(() => page.getByRole('row').nth(1).textContent()).toContain(OFFICE.id);

    // Row actions live in each row's menu (issue 11).
    await page.getByRole('button', { name: `Actions for ${OFFICE.id}` }).click();
    await page.getByRole('menuitem', { name: 'Edit note' }).click();
    await page.getByRole('dialog').getByLabel('Note').fill('Reception desk');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Reception desk').waitFor();

    await page.getByRole('button', { name: `Actions for ${KIOSK.id}` }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByRole('row').filter({ hasText: KIOSK.id }).count()).toBe(0);
    expect(await server.db.kysely.selectFrom('devices').select('id').execute()).toEqual([{ id: OFFICE.id }]);
    await page.screenshot({ path: '/tmp/deskgate-devices.png' });
  });

  it('signs a device out from the user’s page; the client’s token is refused afterwards', async () => {
    const me = () => post('/api/currentUser', { id: OFFICE.id, uuid: OFFICE.uuid }, eveToken);
    expect((await me()).status).toBe(200);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('link', { name: 'eve', exact: true }).click();
    await page.getByRole('heading', { name: 'Signed-in devices' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: OFFICE.id });
    await expect.poll(() => row.textContent()).toContain('office-pc');
    await page.screenshot({ path: '/tmp/deskgate-user-devices.png' });
    await page.getByRole('button', { name: `Sign out ${OFFICE.id}` }).click();
    await page.getByText('No RustDesk client is signed in as this user.').waitFor();
    expect((await me()).status).toBe(401);

    // The same page in Japanese.
    await page.getByRole('textbox', { name: 'Language', exact: true }).click();
    await page.getByRole('option', { name: '日本語' }).click();
    await page.getByRole('heading', { name: 'サインイン中のデバイス' }).waitFor();
    await page.getByRole('link', { name: 'デバイス', exact: true }).click();
    await page.getByRole('columnheader', { name: 'ホスト名' }).waitFor();
    await expect
      .poll(() => page.getByRole('row').filter({ hasText: OFFICE.id }).textContent())
      .toContain('オンライン');
    await page.screenshot({ path: '/tmp/deskgate-devices-ja.png' });

    // On a phone the rows are cards: every badge whole, nothing wider than the screen, the menu still there.
    // The same session (cookie and language) in a phone-sized window.
    const phone = await (
      await browser.newContext({
        locale: 'ja-JP',
        viewport: { width: 390, height: 844 },
        storageState: await page.context().storageState(),
      })
    ).newPage();
    await phone.goto(page.url());
    const card = phone.getByRole('listitem').filter({ hasText: OFFICE.id });
    await card.getByText('オンライン').waitFor();
    await card.getByRole('button', { name: `${OFFICE.id} の操作` }).waitFor();
    const cut = await phone.evaluate<number>(
      '[...document.querySelectorAll(".mantine-Badge-label")].filter((e) => e.scrollWidth > e.clientWidth + 1).length',
    );
    expect(cut).toBe(0);
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(391);
    await phone.screenshot({ path: '/tmp/deskgate-devices-ja-390.png', fullPage: true });
    await phone.context().close();
  });
});
