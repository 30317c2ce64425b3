import { launchChromium } from '../test/browser/browser.ts';
import { BENCH_ADMIN_PASSWORD, startDeskGate } from './lib/processes.ts';
const server = await startDeskGate();
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(BENCH_ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: 'Users' }).waitFor();
  await page.goto(`${server.url}/users`);
  await page.getByRole('link', { name: 'admin', exact: true }).waitFor();
  console.log(await page.evaluate(() => [...document.querySelectorAll('[data-position], [style*="position: absolute"], [style*="position: fixed"]')].map((e) => `${e.tagName}.${e.className.toString().slice(0, 80)} ${e.getAttribute('style')?.slice(0, 80)}`).join('\n')));
} finally {
  await browser.close();
  await server.stop();
}
