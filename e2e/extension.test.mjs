// The unpacked extension in Chromium: its page at chrome-extension://ID/ reaches the simulator
// by host permission (no CORS) and keeps the profile in chrome.storage.local.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { connect, simAndExtension } from './lib.mjs';

describe('extension (Chromium): connect to a Console', () => {
  const env = simAndExtension();

  test('connects across origins and keeps the profile in extension storage', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.ext.origin}/index.html`);
    assert.equal(await page.getByRole('button', { name: "Use this page's address" }).count(), 0);
    await connect(page, env.sim.url, env.sim.keys.admin);
    // The first connect goes to work: the Console has tokens, so the inventory.
    await page.waitForURL(/#inventory$/);
    await page.locator('table.tokens tbody tr').first().waitFor();

    const stored = await page.evaluate(() => chrome.storage.local.get(null));
    const settings = JSON.parse(stored['canarytoken-manager/settings']);
    assert.equal(settings.profiles[0].console, env.sim.url);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    await page.close();

    const reopened = await env.ext.context.newPage();
    await reopened.goto(`${env.ext.origin}/index.html`);
    await reopened.locator('input[name=kind]').first().waitFor();
    await reopened.getByRole('link', { name: 'Connect' }).click();
    assert.equal(await reopened.inputValue('[name=console_url]'), env.sim.url);
    await reopened.close();
  });

  test('an unreachable Console is reported as a network problem', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.ext.origin}/index.html#connect`);
    await connect(page, 'http://127.0.0.1:9', env.sim.keys.admin);
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'Could not reach' }).waitFor();
    assert.doesNotMatch(await alert.innerText(), /reverse proxy/);
    await page.close();
  });

  test('a file downloads under the Console\'s own name across origins', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.ext.origin}/index.html#create`);
    assert.equal(await page.getByRole('link', { name: 'Open in a tab' }).count(), 1);
    await page.locator('input[name=kind][value=aws-id]').check();
    await page.fill('[name=memo]', 'CI secrets via the extension');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('status').filter({ hasText: 'Token created.' }).waitFor();
    const id = await page.locator('.created dd code').first().innerText();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    // The simulator names it <id>_aws_credentials.txt; the fallback would be <id>.txt.
    assert.equal(download.suggestedFilename(), `${id}_aws_credentials.txt`, 'Content-Disposition is readable from the extension page');
    assert.match(readFileSync(await download.path(), 'utf8'), /aws_secret_access_key/);
    await page.close();
  });

  test('a passphrase locks the store: other pages open unlocked until Lock, then ask; a wrong one changes nothing', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.ext.origin}/index.html#connect`);
    await page.fill('[name=passphrase]', 'correct horse battery staple');
    await page.fill('[name=passphrase_repeat]', 'correct horse battery staple');
    await page.getByRole('button', { name: 'Set passphrase' }).click();
    await page.getByRole('status').filter({ hasText: 'locked with the passphrase' }).waitFor();
    const stored = await page.evaluate(() => chrome.storage.local.get(null));
    const document = stored['canarytoken-manager/settings'];
    assert.match(document, /"format":"canarytoken-manager\/vault"/);
    assert.ok(!document.includes(env.sim.keys.admin) && !document.includes('127.0.0.1'), 'nothing readable at rest');
    await page.close();

    // Unlocked in one page of the extension, unlocked in its others (storage.session, memory only).
    const handed = await env.ext.context.newPage();
    await handed.goto(`${env.ext.origin}/index.html`);
    await handed.locator('input[name=kind]').first().waitFor();
    const session = await handed.evaluate(() => chrome.storage.session.get(null));
    assert.ok(!JSON.stringify(session).includes(env.sim.keys.admin), 'the session area holds a key, not the API key');
    await handed.getByRole('button', { name: 'Lock' }).click();
    await handed.locator('#unlock-title').waitFor();
    assert.deepEqual(await handed.evaluate(() => chrome.storage.session.get(null)), {}, 'Lock withdraws the handed key');
    await handed.close();

    const reopened = await env.ext.context.newPage();
    await reopened.goto(`${env.ext.origin}/index.html`);
    await reopened.locator('#unlock-title').waitFor();
    assert.equal(await reopened.locator('nav').count(), 0, 'nothing but the unlock form');
    await reopened.fill('[name=passphrase]', 'wrong');
    await reopened.getByRole('button', { name: 'Unlock' }).click();
    await reopened.locator('[role=alert]', { hasText: 'does not unlock' }).waitFor();
    const after = await reopened.evaluate(() => chrome.storage.local.get(null));
    assert.equal(after['canarytoken-manager/settings'], document, 'a wrong passphrase overwrites nothing');
    await reopened.fill('[name=passphrase]', 'correct horse battery staple');
    await reopened.getByRole('button', { name: 'Unlock' }).click();
    await reopened.locator('input[name=kind]').first().waitFor();
    await reopened.getByRole('button', { name: 'Lock' }).click();
    await reopened.locator('#unlock-title').waitFor();
    await reopened.close();
  });
});
