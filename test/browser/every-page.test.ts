import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/console/i18n/en.ts';
import { ja } from '../../src/console/i18n/ja.ts';
import { ADMIN_PASSWORD, signIn, type TestApp } from '../harness.ts';
import { consolePages, type SampleData, seedSampleData } from '../sample-data.ts';
import {
  chromiumAvailable,
  launchChromium,
  navigateInApp,
  startConsoleServer,
  waitForQuietNetwork,
  watchNetwork,
} from './browser.ts';

type Words = Record<keyof typeof en, string>;
const AXE = path.resolve('node_modules/axe-core/axe.min.js');
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];
const LANGUAGES: { locale: string; t: Words }[] = [
  { locale: 'en-US', t: en },
  { locale: 'ja-JP', t: ja },
];

/**
 * Latin words a Japanese page may show (docs/glossary.ja.md): product, standard and vendor names, protocol
 * identifiers an admin copies as they are, and the sample data's own names. Anything else is English left behind.
 */
const ALLOWED = new Set(
  [
    // products, vendors, standards
    'DeskGate',
    'RustDesk',
    'Microsoft',
    'Entra',
    'Azure',
    'Google',
    'GitHub',
    'GitLab',
    'Okta',
    'Keycloak',
    'Authentik',
    'Auth0',
    'OpenID',
    'SCIM',
    'LDAP',
    'IdP',
    'Connect',
    'OIDC',
    'OAuth',
    'SSO',
    'PKCE',
    'S256',
    'JWKS',
    'UserInfo',
    'URL',
    'URI',
    'HTTP',
    'http',
    'https',
    'API',
    'CSV',
    'QR',
    'PEM',
    'CA',
    'ID',
    'OS',
    'IP',
    'MiB',
    'RP',
    'Initiated',
    'Logout',
    'Authenticator',
    'Enterprise',
    'Server',
    'English',
    'Active', // Active Directory
    'Directory',
    'OpenLDAP',
    'StartTLS',
    'SMTP',
    'DN',
    // protocol values shown as they are sent
    'memberOf',
    'Bearer', // Authorization: Bearer
    'assign', // rustdesk --assign
    'openid',
    'profile',
    'email',
    'code',
    'id',
    'token',
    'form',
    'post',
    'common',
    'organizations',
    'aud',
    'sub',
    'oid',
    'groups',
    'name',
    'preferred',
    'username',
    'client',
    'secret',
    'basic',
    'RS256',
    'linux',
    'BEGIN',
    'END',
    'CERTIFICATE',
    'local',
    // the sample data
    'admin',
    'alice',
    'bob',
    'Alice',
    'Liddell',
    'Bob',
    'Tanaka',
    'Support',
    'Front',
    'desk',
    'Helpdesk',
    'Reception',
    'Administrator',
    'Default',
    'PC',
    'office',
    'azure',
    'pc',
    'Everyone',
  ].map((w) => w.toLowerCase()),
);

/** The page's visible words in Latin script that are neither allowed nor part of an address or identifier. */
async function englishLeftIn(page: Page): Promise<string[]> {
  const text = await page.evaluate<string>('document.body.innerText');
  const words = text
    .replace(/\S*[./_@:=\\]\S*/g, ' ') // URLs, emails, paths, claim names, versions
    .replace(/[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}/gi, ' ') // ids (an audit target)
    .match(/(?<![0-9A-Za-z])[A-Za-z][A-Za-z'’]+/g);
  return [...new Set((words ?? []).filter((w) => !ALLOWED.has(w.toLowerCase())))];
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core run in the page (injected from node_modules); serious and critical violations only. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate<boolean>('typeof axe !== "undefined"'))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate<AxeViolation[]>(
    'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)',
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function landmarks(page: Page) {
  return page.evaluate<{ main: number; h1: number }>(
    '({ main: document.querySelectorAll("main").length, h1: document.querySelectorAll("h1").length })',
  );
}

// Issue 11, Accessibility and Japanese: every page in both languages at 1440 and 390 px passes axe-core
// with no serious or critical violation, has one main landmark and one h1, and a Japanese page shows no
// English beyond product names and identifiers.
describe.runIf(chromiumAvailable())('every console page in Chromium', () => {
  let server: TestApp & { url: string };
  let browser: Browser;
  let data: SampleData;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchChromium()]);
    data = await seedSampleData(server.app, server.url, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const { locale, t } of LANGUAGES) {
    for (const viewport of VIEWPORTS) {
      it(`${locale} at ${viewport.width} px: axe, main + h1, and no English left in Japanese`, async () => {
        // The CSP (rightly) refuses injected scripts; axe is injected by the test only.
        const context = await browser.newContext({ locale, viewport, bypassCSP: true });
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const problems: string[] = [];
        watchNetwork(page);
        const check = async (where: string) => {
          await page.locator('h1').first().waitFor();
          const { main, h1 } = await landmarks(page);
          if (main !== 1 || h1 !== 1) problems.push(`${where}: ${main} main landmarks and ${h1} h1`);
          for (const v of await seriousViolations(page)) problems.push(`${where}: ${v}`);
          if (locale === 'ja-JP') {
            const left = await englishLeftIn(page);
            if (left.length > 0) problems.push(`${where}: English left: ${left.join(', ')}`);
          }
          // No page is wider than the window (a table may scroll inside itself). The list pages' tables
          // become cards in the shared data table (console-ui's part of issue 11), which tests them.
          const wide = await page.evaluate<number>('document.documentElement.scrollWidth');
          if (/^\/(login|settings)/.test(where) && wide > viewport.width + 1)
            problems.push(`${where}: page is ${wide} px wide`);
        };

        await page.goto(server.url);
        await waitForQuietNetwork(page);
        await check('/login');
        // The form's own messages instead of the browser's "Please fill out this field".
        await page.getByRole('button', { name: t['login.submit'] }).click();
        await page.getByText(t['form.required'].replace('{{field}}', t['login.username'])).waitFor();
        // The password toggle is reachable by keyboard and named.
        await page.getByRole('button', { name: t['login.showPassword'] }).waitFor();

        await page.getByLabel(t['login.username']).fill('admin');
        await page.getByLabel(t['login.password']).fill(ADMIN_PASSWORD);
        await page.getByRole('button', { name: t['login.submit'] }).click();
        await page.getByRole('heading', { name: t['dashboard.title'] }).waitFor();
        // One load of the app, then in-app moves: a page drawn after a move is the page a person sees, and the
        // app, axe and the fonts are not loaded again for each of the 13 pages in each of the four runs.
        for (const path of consolePages(data)) {
          await navigateInApp(page, path);
          await check(path);
        }
        // A modal: its close button has a name.
        await navigateInApp(page, '/users');
        await page.getByRole('button', { name: t['users.new'] }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('button', { name: t['common.close'] }).waitFor();
        for (const v of await seriousViolations(page)) problems.push(`/users new-user dialog: ${v}`);
        expect(problems).toEqual([]);
        await context.close();
      }, 240_000);
    }
  }

  it('puts "Continue with …" before the password form in tab order when the form is hidden', async () => {
    const admin = await signIn(server.app);
    const res = await server.app.inject({
      method: 'PUT',
      url: '/api/console/sso/settings',
      headers: admin.headers,
      payload: { hidePasswordLogin: true },
    });
    expect(res.statusCode).toBe(200);
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    for (const url of ['/login', '/login?local=1']) {
      await page.goto(`${server.url}${url}`);
      const button = page.getByRole('link', { name: 'Continue with 社内アカウント' });
      await button.waitFor();
      // The buttons and the login options are two queries, and the order changes when the options arrive:
      // wait for what shows that both are in (the local-account link, or the form), then tab.
      await (url === '/login'
        ? page.getByRole('link', { name: 'Sign in with a local account' })
        : page.getByRole('textbox', { name: 'Username' })
      ).waitFor();
      // Tab from the top: the Continue link is reached before any field of the password form.
      let reached = '';
      for (let i = 0; i < 6 && !reached; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate<string>(
          'document.activeElement?.tagName + ":" + (document.activeElement?.textContent ?? "") + ":" + (document.activeElement?.getAttribute("autocomplete") ?? "")',
        );
        if (focused.includes('Continue with')) reached = 'continue';
        else if (/:(username|current-password)$/.test(focused)) reached = 'form';
      }
      expect(reached, url).toBe('continue');
    }
    await page.context().close();
  });
});
