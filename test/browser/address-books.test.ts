import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../address-books.ts';
import { ADMIN_PASSWORD, signIn, type TestApp } from '../harness.ts';
import { chromiumAvailable, launchChromium, startConsoleServer } from './browser.ts';

describe.runIf(chromiumAvailable())('address books in Chromium', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    server = await startConsoleServer();
    await createUser(server.app, await signIn(server.app), 'dana');
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    page.setDefaultTimeout(30_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function logIn(username: string, password: string) {
    await page.goto(server.url);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  }

  it('an admin creates a shared book, adds a peer and a tag, and shares it read-only with dana', async () => {
    await logIn('admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Address books' }).click();
    await page.getByRole('link', { name: 'My address book' }).waitFor();
    await page.getByRole('button', { name: 'New shared address book' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Field kit');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByRole('link', { name: 'Field kit' }).click();

    await page.getByRole('tab', { name: 'Tags' }).click();
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.getByRole('dialog').getByLabel('Tag name').fill('lab');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: 'lab', exact: true }).waitFor();

    await page.getByRole('tab', { name: 'Peers' }).click();
    await page.getByRole('button', { name: 'Add peer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('ID').fill('123456789');
    await dialog.getByLabel('Alias').fill('Printer');
    await dialog.getByLabel('Note').fill('second floor');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: 'Printer' }).waitFor();

    await page.getByRole('tab', { name: 'Sharing' }).click();
    await page.getByRole('textbox', { name: 'Share with' }).click();
    await page.getByRole('option', { name: /^dana/ }).click();
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByRole('cell', { name: 'dana (User)' }).waitFor();
    await page.screenshot({ path: '/tmp/deskgate-address-book-sharing.png' });
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
  });

  it('dana then sees the shared book, its peer, and cannot change it', async () => {
    await logIn('dana', 'dana-password');
    await page.getByRole('link', { name: 'Address books' }).click();
    await page.getByRole('link', { name: 'Field kit' }).click();
    await page.getByRole('cell', { name: 'Printer' }).waitFor();
    await page.getByText('You can read this address book but not change it.').waitFor();
    expect(await page.getByRole('button', { name: 'Add peer' }).count()).toBe(0);
    expect(await page.getByRole('tab', { name: 'Sharing' }).count()).toBe(0);
    await page.screenshot({ path: '/tmp/deskgate-address-book-shared.png' });
  });
});
