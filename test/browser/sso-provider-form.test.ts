import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, signIn, type TestApp } from '../harness.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

// The New auth provider form beyond the guide's four fields: Advanced and Who gets in are filled through
// the form, saved, and read back when the provider is opened again; the Japanese form uses the guide's terms.
describe.runIf(chromiumAvailable())('the auth provider form in Chromium', () => {
  const tenant = randomUUID();
  let server: TestApp & { url: string };
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchChromium()]);
    const admin = await signIn(server.app);
    const group = await server.app.inject({
      method: 'POST',
      url: '/api/console/groups',
      headers: admin.headers,
      payload: { name: 'Support' },
    });
    expect(group.statusCode).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openOidcSettings(
    locale: string,
    labels: { user: string; password: string; login: string; settings: string },
  ) {
    const page = await (await browser.newContext({ locale })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel(labels.user).fill('admin');
    await page.getByLabel(labels.password).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: labels.login }).click();
    await page.getByRole('link', { name: labels.settings }).click();
    await page.getByRole('tab', { name: 'OIDC' }).click();
    return page;
  }
  /**
   * Chooses a Mantine Select option. On a loaded machine a click can land while an Accordion panel is still
   * opening and the dropdown closes again, so it retries until the input shows the option.
   */
  const pick = async (page: Page, field: string, option: string) => {
    const input = page.getByRole('form').getByRole('textbox', { name: field, exact: true });
    const choice = page.getByRole('option', { name: option, exact: true });
    for (let attempt = 0; attempt < 6 && (await input.inputValue()) !== option; attempt++) {
      if (!(await choice.isVisible())) await input.click();
      await choice.click({ timeout: 3000 }).catch(() => undefined);
    }
    expect(await input.inputValue()).toBe(option);
  };

  it('saves Advanced and Who gets in, and shows them again on edit', async () => {
    const page = await openOidcSettings('en-US', {
      user: 'Username',
      password: 'Password',
      login: 'Log in',
      settings: 'Settings',
    });
    await page.getByRole('link', { name: 'New auth provider' }).click();
    const form = page.getByRole('form', { name: 'New auth provider' });
    await form.getByLabel(/^Name/).fill('contoso');
    await form.getByLabel('Client ID').fill('deskgate-app');
    await form.getByLabel('Client secret', { exact: true }).fill('form-secret');
    await form.getByLabel('Issuer').fill(`https://login.microsoftonline.com/${tenant}/v2.0`);
    // Who gets in is open; Advanced is collapsed until asked for.
    await form.getByLabel('Allowed email domains').fill('Contoso.example\n\n@fabrikam.example');
    await form.getByLabel('Admin groups').fill('rd-admins');
    await form.getByLabel('Allowed tenants').fill(tenant);
    await form.getByRole('button', { name: 'Add mapping' }).click();
    await form.getByRole('textbox', { name: 'IdP group 1' }).fill('support-staff');
    await pick(page, 'DeskGate user group 1', 'Support');
    await form.getByRole('checkbox', { name: 'Link by verified email' }).check();
    await form.getByRole('checkbox', { name: 'Skip local 2FA for SSO sign-ins' }).uncheck();
    await form.getByRole('button', { name: 'Advanced' }).click();
    await pick(page, 'Response type', 'code id_token (hybrid)');
    await pick(page, 'Token endpoint authentication', 'client_secret_post');
    await form.getByLabel('Scopes').fill('openid profile email groups');
    await form.getByLabel('Extra trusted audiences').fill('api://deskgate');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'contoso', exact: true }).waitFor();

    const admin = await signIn(server.app);
    const [saved] = (
      await server.app.inject({ method: 'GET', url: '/api/console/sso/providers', headers: admin.headers })
    ).json();
    expect(saved).toMatchObject({
      name: 'contoso',
      type: 'entra',
      hasClientSecret: true,
      responseType: 'code id_token',
      tokenEndpointAuthMethod: 'client_secret_post',
      scopes: 'openid profile email groups',
      extraAudiences: ['api://deskgate'],
      allowedEmailDomains: ['contoso.example', 'fabrikam.example'],
      adminGroups: ['rd-admins'],
      allowedTenants: [tenant],
      linkByVerifiedEmail: true,
      skipLocal2fa: false,
      pkce: true,
    });
    expect(saved.groupMapping).toEqual([{ idpGroup: 'support-staff', groupId: expect.any(String) }]);

    // The provider's name in the list opens its editor (its row menu has Edit too).
    await page.getByRole('link', { name: 'contoso', exact: true }).click();
    const edit = page.getByRole('form', { name: 'Edit auth provider' });
    // Polled: the form draws from the provider's query, but a select shows its option's label only once the
    // options' own query (the DeskGate groups) is in.
    const shows = (field: ReturnType<typeof edit.getByLabel>) => expect.poll(() => field.inputValue());
    await shows(edit.getByLabel('Client secret', { exact: true })).toBe('');
    await shows(edit.getByLabel('Allowed email domains')).toBe('contoso.example\nfabrikam.example');
    await shows(edit.getByLabel('Admin groups')).toBe('rd-admins');
    await shows(edit.getByRole('textbox', { name: 'IdP group 1' })).toBe('support-staff');
    await shows(edit.getByRole('textbox', { name: 'DeskGate user group 1' })).toBe('Support');
    await expect
      .poll(() => edit.getByRole('checkbox', { name: 'Link by verified email' }).isChecked())
      .toBe(true);
    await edit.getByRole('button', { name: 'Advanced' }).click();
    await shows(edit.getByRole('textbox', { name: 'Response type', exact: true })).toBe(
      'code id_token (hybrid)',
    );
    await shows(edit.getByLabel('Extra trusted audiences')).toBe('api://deskgate');
    await page.screenshot({ path: '/tmp/deskgate-provider-form.png', fullPage: true });

    // Only valid values are sent: a bad endpoint is named under its field and nothing is saved.
    await edit.getByLabel('Token endpoint', { exact: true }).fill('not a url');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByText('Enter a full URL, such as https://idp.example.com/…').waitFor();
    // Fixed, the edit saves (the empty secret keeps the stored one) and the page goes back to the list.
    await edit.getByLabel('Token endpoint', { exact: true }).fill('');
    await edit.getByLabel('Admin groups').fill('rd-admins\nrd-owners');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    const [edited] = (
      await server.app.inject({ method: 'GET', url: '/api/console/sso/providers', headers: admin.headers })
    ).json();
    expect(edited).toMatchObject({
      adminGroups: ['rd-admins', 'rd-owners'],
      hasClientSecret: true,
      tokenEndpoint: '',
    });
  }, 120_000);

  it('speaks the Japanese guide in Japanese', async () => {
    const page = await openOidcSettings('ja-JP', {
      user: 'ユーザー名',
      password: 'パスワード',
      login: 'サインイン',
      settings: '設定',
    });
    await page.getByRole('link', { name: '新しい認証プロバイダー' }).click();
    const form = page.getByRole('form', { name: '新しい認証プロバイダー' });
    for (const label of ['クライアントID', '発行者']) await form.getByLabel(label).waitFor();
    await form.getByLabel('クライアントシークレット', { exact: true }).waitFor();
    await form.getByRole('button', { name: '詳細設定' }).click();
    await form.getByText('IDトークン（暗黙的およびハイブリッドフローで使用）', { exact: false }).waitFor();
  }, 120_000);
});
