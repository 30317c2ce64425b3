import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/console/i18n/en.ts';
import { ja } from '../../src/console/i18n/ja.ts';
import { ADMIN_PASSWORD, signIn, type TestApp } from '../harness.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];
type Words = Record<keyof typeof en, string>;
const LANGUAGES: { locale: string; t: Words }[] = [
  { locale: 'en-US', t: en },
  { locale: 'ja-JP', t: ja },
];
const DAY = 86_400_000;

// Issue 11, Provider editor: a full page with sections and a sticky footer; Save with errors focuses the first
// invalid field and the banner clears once fixed; Escape asks before discarding; the metadata URL is trimmed
// to the issuer; the nOAuth warning shows only with "Link by verified email"; a failed Test asks before
// saving; the Button label (Japanese, spaces) is what the login page shows while the name stays the `op`.
describe.runIf(chromiumAvailable())('the provider editor page in Chromium', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openEditor(locale: string, t: Words, viewport: { width: number; height: number }) {
    const page = await (await browser.newContext({ locale, viewport })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel(t['login.username']).fill('admin');
    await page.getByLabel(t['login.password']).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: t['login.submit'] }).click();
    await page.getByRole('heading', { name: t['dashboard.title'] }).waitFor();
    await page.goto(`${server.url}/settings/oidc/providers/new`);
    const form = page.getByRole('form', { name: t['oidc.newProvider'] });
    await form.waitFor();
    return { page, form };
  }
  const focusedId = (page: Page) => page.evaluate<string>('document.activeElement?.id ?? ""');

  for (const { locale, t } of LANGUAGES) {
    for (const viewport of VIEWPORTS) {
      const name = `ed-${locale.slice(0, 2)}-${viewport.width}`;
      it(`${locale} at ${viewport.width} px: errors, trimming, warnings, Escape, failed Test, Button label`, async () => {
        const { page, form } = await openEditor(locale, t, viewport);
        // The page has its sections, and the footer stays in view at the bottom of the window.
        for (const section of [t['oidc.sectionConnection'], t['oidc.access']]) {
          await form.getByRole('heading', { name: section }).waitFor();
        }
        const footer = page.getByTestId('provider-footer');
        const box = await footer.boundingBox();
        expect(box && box.y + box.height).toBeLessThanOrEqual(viewport.height + 1);

        // Save with errors: the banner shows and the first invalid field (Name) has the focus.
        await form.getByRole('button', { name: t['common.save'] }).click();
        await form.getByText(t['oidc.errorForm']).waitFor();
        // The focus moves in an effect after the render that shows the banner: wait for it, not read it once.
        await expect.poll(() => focusedId(page)).toBe('provider-name');
        await form.getByLabel(t['oidc.name'], { exact: false }).first().fill(name);
        await form.getByRole('button', { name: t['common.save'] }).click();
        await expect.poll(() => focusedId(page)).toBe('provider-clientId');

        // Entra's metadata URL pasted into Issuer becomes the issuer, with a note.
        const tenant = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';
        await form.getByLabel(t['oidc.clientId']).fill('deskgate-app');
        await form
          .getByLabel(t['oidc.issuer'])
          .fill(`https://login.microsoftonline.com/${tenant}/v2.0/.well-known/openid-configuration`);
        await expect
          .poll(() => form.getByLabel(t['oidc.issuer']).inputValue())
          .toBe(`https://login.microsoftonline.com/${tenant}/v2.0`);
        await form.getByText(t['oidc.issuerTrimmed']).waitFor();

        // An invalid Advanced field is opened and focused; fixed, the banner clears.
        await form.getByRole('button', { name: t['oidc.advanced'] }).click();
        await form.getByLabel(t['oidc.scopes']).fill('');
        await form.getByRole('button', { name: t['oidc.advanced'] }).click();
        await form.getByRole('button', { name: t['common.save'] }).click();
        await expect.poll(() => focusedId(page)).toBe('provider-scopes');
        await form.getByLabel(t['oidc.scopes']).fill('openid profile email');
        await form.getByText(t['oidc.errorForm']).waitFor({ state: 'detached' });

        // The nOAuth warning only once "Link by verified email" is on.
        const warning = form.getByText(t['oidc.linkWarning']);
        expect(await warning.count()).toBe(0);
        await form.getByRole('checkbox', { name: t['oidc.linkByVerifiedEmail'] }).check();
        await warning.waitFor();
        await form.getByRole('checkbox', { name: t['oidc.linkByVerifiedEmail'] }).uncheck();

        // Escape with unsaved edits asks; "Cancel" keeps the page and what was typed.
        await page.keyboard.press('Escape');
        const ask = page.getByRole('dialog', { name: t['oidc.discardTitle'] });
        await ask.waitFor();
        await ask.getByRole('button', { name: t['common.cancel'] }).click();
        await ask.waitFor({ state: 'detached' });
        expect(await form.getByLabel(t['oidc.clientId']).inputValue()).toBe('deskgate-app');

        // A Test that fails (nothing listens there) makes Save ask first; cancelling saves nothing.
        await form.getByLabel(t['oidc.issuer']).fill('http://127.0.0.1:9/unreachable');
        await form.getByRole('button', { name: t['oidc.test'], exact: true }).click();
        await form.getByText('✗', { exact: false }).first().waitFor({ timeout: 30_000 });
        await form.getByRole('button', { name: t['common.save'] }).click();
        const failed = page.getByRole('dialog', { name: t['oidc.saveAfterFailedTestTitle'] });
        await failed.waitFor();
        await failed.getByRole('button', { name: t['common.cancel'] }).click();
        const admin = await signIn(server.app);
        const list = async () =>
          (
            await server.app.inject({
              method: 'GET',
              url: '/api/console/sso/providers',
              headers: admin.headers,
            })
          ).json() as { name: string; buttonLabel: string; clientSecretExpiresAt: number | null }[];
        expect((await list()).some((p) => p.name === name)).toBe(false);

        // The Button label in Japanese with spaces, and the secret's expiry 10 days ahead; then Save anyway.
        await form.getByLabel(t['oidc.issuer']).fill(`https://login.microsoftonline.com/${tenant}/v2.0`);
        await form.getByLabel(t['oidc.buttonLabel']).fill(`社内 アカウント ${name}`);
        const expiry = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
        await form.getByLabel(t['oidc.clientSecretExpires']).fill(expiry);
        await form.getByRole('button', { name: t['common.save'] }).click();
        await failed.getByRole('button', { name: t['oidc.saveAnyway'] }).click();
        await page.waitForURL(`${server.url}/settings/oidc`);
        const saved = (await list()).find((p) => p.name === name);
        expect(saved).toMatchObject({
          buttonLabel: `社内 アカウント ${name}`,
          clientSecretExpiresAt: Date.parse(expiry),
        });

        // The list: type by its name, Enabled, and the secret's coming expiry.
        // Rows on a wide screen, cards (list items) on a phone (the shared data table, issue 11).
        const row = page.getByRole(viewport.width < 768 ? 'listitem' : 'row').filter({ hasText: name });
        await row.getByText('Microsoft Entra ID').waitFor();
        // The badge, not the card's "Enabled" column label (the same word) before it.
        await row.getByText(t['oidc.enabledYes'], { exact: true }).last().waitFor();
        const date = new Date(Date.parse(expiry)).toLocaleDateString(locale.slice(0, 2), { timeZone: 'UTC' });
        await row.getByText(t['oidc.secretExpiresOn'].replace('{{date}}', date)).waitFor();

        // No badge in the list is cut short ("E…"), at either width.
        const cut = await page.evaluate<number>(
          '[...document.querySelectorAll(".mantine-Badge-label")].filter((e) => e.scrollWidth > e.clientWidth + 1).length',
        );
        expect(cut).toBe(0);

        // Escape on an untouched page leaves without asking.
        await row.getByRole('button', { name: t['table.actionsFor'].replace('{{name}}', name) }).click();
        await page.getByRole('menuitem', { name: t['common.edit'] }).click();
        await page.getByRole('form', { name: t['oidc.editProvider'] }).waitFor();
        await page.keyboard.press('Escape');
        await page.waitForURL(`${server.url}/settings/oidc`);

        // The login page shows the label; its link still carries the name (the client's `op`).
        const visitor = await (await browser.newContext({ locale, viewport })).newPage();
        await visitor.goto(server.url);
        const button = visitor.getByRole('link', {
          name: t['login.continueWith'].replace('{{name}}', `社内 アカウント ${name}`),
        });
        await button.waitFor();
        expect(await button.getAttribute('href')).toBe(`/api/oidc/login/${name}`);
        await visitor.context().close();
        await page.context().close();
      }, 120_000);
    }
  }
});
