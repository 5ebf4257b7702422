// The unpacked extension in Chromium: its page at chrome-extension://ID/ reaches the simulator
// by host permission (no CORS) and keeps the profile in chrome.storage.local.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect, launchExtension, startSim } from './lib.mjs';

describe('extension (Chromium): connect to a Console', () => {
  let sim, ext;
  before(async () => {
    sim = await startSim();
    ext = await launchExtension();
  });
  after(async () => {
    await ext?.close();
    sim?.stop();
  });

  test('connects across origins and keeps the profile in extension storage', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${ext.origin}/index.html`);
    assert.equal(await page.getByRole('button', { name: "Use this page's address" }).count(), 0);
    await connect(page, sim.url, sim.keys.admin);
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    assert.equal(await page.locator('.kinds li').count(), 32);

    const stored = await page.evaluate(() => chrome.storage.local.get(null));
    const settings = JSON.parse(stored['canarytoken-manager/settings']);
    assert.equal(settings.profiles[0].console, sim.url);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    await page.close();

    const reopened = await ext.context.newPage();
    await reopened.goto(`${ext.origin}/index.html`);
    await reopened.locator('input[name=kind]').first().waitFor();
    await reopened.getByRole('link', { name: 'Connect' }).click();
    assert.equal(await reopened.inputValue('[name=console_url]'), sim.url);
    await reopened.close();
  });

  test('an unreachable Console is reported as a network problem', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${ext.origin}/index.html#connect`);
    await connect(page, 'http://127.0.0.1:9', sim.keys.admin);
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'Could not reach' }).waitFor();
    assert.doesNotMatch(await alert.innerText(), /reverse proxy/);
    await page.close();
  });
});
