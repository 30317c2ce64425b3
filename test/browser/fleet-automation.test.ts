import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignRequest } from '../automation.ts';
import { ADMIN_PASSWORD, signIn, type TestApp } from '../harness.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

/** The console's words in each language (src/console/i18n/*.ts), for the roles and names the test clicks. */
const WORDS = {
  en: {
    locale: 'en-US',
    username: 'Username',
    password: 'Password',
    login: 'Log in',
    tokensNav: 'API tokens',
    create: 'Create token',
    name: 'Name',
    submit: 'Create',
    copy: 'Copy',
    copied: 'Copied',
    done: 'Done',
    revoke: 'Revoke',
    revoked: 'Revoked',
    never: 'Never',
    devicesNav: 'Devices',
    pending: 'Pending',
    approve: 'Approve',
    actionsFor: (name: string) => `Actions for ${name}`,
    preregister: 'Pre-register device',
    deviceId: 'Device ID',
    save: 'Save',
  },
  ja: {
    locale: 'ja-JP',
    username: 'ユーザー名',
    password: 'パスワード',
    login: 'サインイン',
    tokensNav: 'API トークン',
    create: 'トークンの作成',
    name: '名前',
    submit: '作成',
    copy: 'コピー',
    copied: 'コピーしました',
    done: '完了',
    revoke: '取り消し',
    revoked: '取り消し済み',
    never: 'なし',
    devicesNav: 'デバイス',
    pending: '承認待ち',
    approve: '承認',
    actionsFor: (name: string) => `${name} の操作`,
    preregister: 'デバイスの事前登録',
    deviceId: 'デバイス ID',
    save: '保存',
  },
} as const;

describe.runIf(chromiumAvailable())('API tokens and device approval in Chromium', () => {
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

  const register = async (id: string) => {
    const res = await fetch(`${server.url}/api/sysinfo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id,
        uuid: Buffer.from(`uuid-${id}`).toString('base64'),
        hostname: `pc-${id}`,
        version: '1.4.9',
      }),
    });
    expect(await res.text()).toBe('SYSINFO_UPDATED');
  };

  async function open(lang: keyof typeof WORDS): Promise<Page> {
    const w = WORDS[lang];
    const context = await browser.newContext({ locale: w.locale });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(server.url);
    await page.getByLabel(w.username).fill('admin');
    await page.getByLabel(w.password).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: w.login }).click();
    return page;
  }

  for (const lang of ['en', 'ja'] as const) {
    const w = WORDS[lang];
    it(`creates an API token, copies it once, and revokes it (${lang})`, async () => {
      const deviceId = lang === 'en' ? '910000001' : '910000002';
      await register(deviceId);
      const page = await open(lang);
      await page.getByRole('link', { name: w.tokensNav }).click();
      await page.getByRole('button', { name: w.create }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: w.name }).fill(`deploy-${lang}`);
      await dialog.getByRole('button', { name: w.submit, exact: true }).click();
      const secret = (await page.getByTestId('api-token-secret').textContent()) ?? '';
      expect(secret).toMatch(/^dgt_/);
      await dialog.getByRole('button', { name: w.copy, exact: true }).click();
      await dialog.getByRole('button', { name: w.copied }).waitFor();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
      await dialog.getByRole('button', { name: w.done }).click();
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
      // Shown once: the list never holds the secret.
      expect(await page.content()).not.toContain(secret);

      const device = { id: deviceId, uuid: Buffer.from(`uuid-${deviceId}`).toString('base64') };
      const used = await assignRequest(server.app, secret, device, { note: `assigned in ${lang}` });
      expect(used.body).toBe('');
      await page.reload();
      const row = page.getByRole('row').filter({ hasText: `deploy-${lang}` });
      await row.getByText('127.0.0.1').waitFor();

      await row.getByRole('button', { name: w.actionsFor(`deploy-${lang}`) }).click();
      await page.getByRole('menuitem', { name: w.revoke, exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: w.revoke, exact: true }).click();
      await row.getByText(w.revoked).waitFor();
      const refused = await assignRequest(server.app, secret, device, { note: 'after revoking' });
      expect(refused.statusCode).toBe(401);
      await page.screenshot({ path: `/tmp/deskgate-api-tokens-${lang}.png` });
      await page.context().close();
    });

    it(`approves a pending device from the Pending filter (${lang})`, async () => {
      const admin = await signIn(server.app);
      await server.app.inject({
        method: 'PUT',
        url: '/api/console/device-approval/settings',
        headers: admin.headers,
        payload: { requireApproval: true, approveOnSignIn: false },
      });
      const deviceId = lang === 'en' ? '920000001' : '920000002';
      await register(deviceId);
      const page = await open(lang);
      await page.getByRole('link', { name: w.devicesNav, exact: true }).click();
      await page.getByText(w.pending, { exact: true }).first().click();
      const row = page.getByRole('row').filter({ hasText: deviceId });
      await row.getByText(w.pending, { exact: true }).waitFor();
      await row.getByRole('button', { name: w.actionsFor(deviceId) }).click();
      await page.getByRole('menuitem', { name: w.approve, exact: true }).click();
      await expect.poll(() => page.getByRole('row').filter({ hasText: deviceId }).count()).toBe(0);
      const stored = await server.db.kysely
        .selectFrom('devices')
        .select('pending')
        .where('id', '=', deviceId)
        .executeTakeFirstOrThrow();
      expect(stored.pending).toBe(0);
      await page.screenshot({ path: `/tmp/deskgate-device-approval-${lang}.png` });

      // Pre-register the next machine: listed until it connects, then not held for approval.
      const nextId = lang === 'en' ? '930000001' : '930000002';
      await page.getByRole('button', { name: w.preregister }).click();
      await page.getByRole('dialog').getByRole('textbox', { name: w.deviceId }).fill(nextId);
      await page.getByRole('dialog').getByRole('button', { name: w.save }).click();
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
      await page.getByRole('button', { name: w.preregister }).click();
      await page.getByRole('dialog').getByText(nextId).waitFor();
      await register(nextId);
      const next = await server.db.kysely
        .selectFrom('devices')
        .select('pending')
        .where('id', '=', nextId)
        .executeTakeFirstOrThrow();
      expect(next.pending).toBe(0);
      await page.context().close();
    });
  }
});
