import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type TestApp } from '../harness.ts';
import { LDAP_BIND_DN, LDAP_BIND_PASSWORD, LDAP_PEOPLE, type LdapServer, startLdapServer } from '../ldap.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

describe.runIf(chromiumAvailable())('Settings → LDAP and directory sign-in in Chromium', () => {
  let server: TestApp & { url: string };
  let ldap: LdapServer;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    [ldap, server, browser] = await Promise.all([
      startLdapServer([{ uid: 'alice', password: 'alice-dir-pw', cn: 'Alice Liddell' }], {
        admins: ['alice'],
      }),
      startConsoleServer(),
      launchChromium(),
    ]);
    page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    page.setDefaultTimeout(30_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ldap?.stop();
  });

  it('sets up OpenLDAP with StartTLS, tests it, and signs a directory user in', {
    timeout: 120_000,
  }, async () => {
    await page.goto(server.url);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.goto(`${server.url}/settings/ldap`);
    await page.getByRole('tab', { name: 'LDAP' }).waitFor();
    await page.getByLabel('Sign in with the directory (LDAP / Active Directory)').check();
    await page.getByLabel('URL').fill(ldap.url);
    await page.getByLabel('Custom CA (PEM)').fill(ldap.caPem);
    await page.getByLabel('Bind DN').fill(LDAP_BIND_DN);
    await page.getByLabel('Bind password').fill(LDAP_BIND_PASSWORD);
    await page.getByLabel('User search base').fill(LDAP_PEOPLE);
    await page.getByRole('button', { name: 'OpenLDAP defaults' }).click();
    await page.getByLabel('Administrator groups (one DN per line)').fill(ldap.groupDn('admins'));
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Connected, bound and read the search base.').waitFor();
    // The shared settings form tracks edits: "Unsaved changes" until Save stores them (issue 11).
    await page.getByText('Unsaved changes').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await page.getByText('Unsaved changes').count()).toBe(0);
    const testForm = page.locator('form').filter({ hasText: 'Test sign-in' });
    await testForm.getByLabel('Username').fill('alice');
    await testForm.getByLabel('Password').fill('alice-dir-pw');
    await testForm.getByRole('button', { name: 'Test sign-in' }).click();
    await page.getByText(`Signed in as ${ldap.userDn('alice')}`).waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    // Wait for the sign-in page itself: until it replaces the settings page, "Username" also names the LDAP form's field.
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.getByRole('textbox', { name: 'Username', exact: true }).fill('alice');
    await page.getByLabel('Password').fill('alice-dir-pw');
    await page.getByRole('button', { name: 'Log in' }).click();
    // Signed in: the layout greets the directory's display name.
    await page.getByText('Alice Liddell').waitFor();
  });
});
