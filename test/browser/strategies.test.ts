import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/console/i18n/en.ts';
import { ja } from '../../src/console/i18n/ja.ts';
import { ADMIN_PASSWORD, signIn, type TestApp } from '../harness.ts';
import { HeartbeatClient } from '../rustdesk-sync.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

const LANGUAGES = [
  { locale: 'en-US', dict: en as Record<string, string>, n: 1 },
  { locale: 'ja-JP', dict: ja as Record<string, string>, n: 2 },
];

describe.runIf(chromiumAvailable())('Strategies and live sessions in Chromium', () => {
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

  describe.each(LANGUAGES)('in $locale', ({ locale, dict, n }) => {
    let page: Page;
    const t = (key: string, vars: Record<string, string | number> = {}) =>
      Object.entries(vars).reduce((s, [k, v]) => s.replace(`{{${k}}}`, String(v)), dict[key] ?? key);
    const client = new HeartbeatClient(
      `70000000${n}`,
      Buffer.from(`browser-strategy-${n}`).toString('base64'),
    );
    const groupName = `Lab ${n}`;
    const strategyName = `No clipboard ${n}`;
    const sync = () => server.app.fleetSync.sync();

    beforeAll(async () => {
      await client.register(server.app);
      const admin = await signIn(server.app);
      const group = await server.app.inject({
        method: 'POST',
        url: '/api/console/device-groups',
        headers: admin.headers,
        payload: { name: groupName },
      });
      await server.app.inject({
        method: 'PATCH',
        url: `/api/console/devices/${client.id}`,
        headers: admin.headers,
        payload: { deviceGroupId: group.json().id },
      });
      page = await (await browser.newContext({ locale })).newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(server.url);
      await page.getByLabel(t('login.username')).fill('admin');
      await page.getByLabel(t('login.password')).fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: t('login.submit') }).click();
    });
    afterAll(async () => page?.context().close());

    it('creates a strategy from the catalogue and assigns it to a device group; the device applies it', async () => {
      await page.getByRole('link', { name: t('strategy.nav') }).click();
      await page.getByRole('button', { name: t('strategy.new') }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(t('strategy.name')).fill(strategyName);
      await dialog.getByRole('textbox', { name: t('strategy.addOption') }).fill('enable-clipboard');
      await page
        .getByRole('option', { name: `enable-clipboard — ${t('strategy.help.enable-clipboard')}` })
        .click();
      await dialog.getByRole('textbox', { name: 'enable-clipboard' }).click();
      await page.getByRole('option', { name: t('strategy.no') }).click();
      await dialog.getByRole('button', { name: t('common.save') }).click();
      const row = page.getByRole('row').filter({ hasText: strategyName });
      await expect.poll(() => row.textContent()).toContain(t('strategy.optionCount', { count: 1 }));

      await page.getByRole('button', { name: t('table.actionsFor', { name: strategyName }) }).click();
      await page.getByRole('menuitem', { name: t('strategy.assign') }).click();
      await page
        .getByRole('dialog')
        .getByRole('textbox', { name: t('strategy.target.device-group') })
        .click();
      await page.getByRole('option', { name: groupName }).click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: t('strategy.assign'), exact: true })
        .click();
      await expect.poll(() => page.getByRole('dialog').textContent()).toContain(groupName);
      await page
        .getByRole('dialog')
        .getByRole('button', { name: t('common.cancel') })
        .click();
      await expect
        .poll(() => row.textContent())
        .toContain(t('strategy.assignedCounts', { devices: 0, users: 0, groups: 1 }));

      await sync();
      await client.beat(server.app);
      expect(client.options.get('enable-clipboard')).toBe('N');
    });

    it('shows the strategy in effect, why and when applied, and disconnects a live session', async () => {
      const common = `"id":"${client.id}","uuid":"${client.uuid}","conn_id":5,"session_id":77`;
      for (const body of [
        `{"action":"new","ip":"192.0.2.5",${common}}`,
        `{"peer":["987654321","bob"],"type":0,${common}}`,
      ])
        await server.app.inject({
          method: 'POST',
          url: '/api/audit/conn',
          headers: { 'content-type': 'application/json' },
          payload: body,
        });
      client.conns = [5];
      await client.beat(server.app);
      await sync();
      // The controlled device keeps beating every 3 s, as the client does: a session is listed while its last
      // heartbeat is under 30 s old, and on a loaded machine the steps below can take that long. The beats stop
      // before Disconnect, so that the explicit heartbeat at the end is the one that receives the request.
      // Chained, so that beats never overlap and a failed one fails the test when the beats stop.
      let beats: Promise<unknown> = Promise.resolve();
      const beating = setInterval(() => {
        beats = beats.then(() => client.beat(server.app)).then(sync);
      }, 3_000);
      const dialog = page.getByRole('dialog');
      try {
        await page.getByRole('link', { name: t('nav.devices'), exact: true }).click();
        await page.getByRole('button', { name: t('table.actionsFor', { name: client.id }) }).click();
        await page.getByRole('menuitem', { name: t('strategy.panel') }).click();
        await expect.poll(() => dialog.textContent()).toContain(strategyName);
        // The live sessions are a second query: wait for them, not only for the strategy.
        await expect.poll(() => dialog.textContent()).toContain('bob');
      } finally {
        clearInterval(beating);
        await beats;
      }
      const text = await dialog.textContent();
      expect(text).toContain(t('strategy.why.device-group', { name: groupName }));
      expect(text).toContain(dict['strategy.appliedAt']?.split('{{time}}')[0]?.trim() ?? '');

      await dialog.getByRole('button', { name: t('sessions.disconnectAria', { conn: 5 }) }).click();
      await expect.poll(() => dialog.textContent()).toContain(t('sessions.requested'));
      await sync();
      expect((await client.beat(server.app)).disconnect).toEqual([5]);
      expect(client.closed).toEqual([5]);
      const audit = await server.db.kysely
        .selectFrom('audit_log')
        .select(['target', 'detail'])
        .where('action', '=', 'device.disconnect')
        .execute();
      const details = audit.filter((a) => a.target === client.id).map((a) => JSON.parse(a.detail));
      expect(details).toContainEqual(expect.objectContaining({ connId: 5 }));
    });
  });
});
