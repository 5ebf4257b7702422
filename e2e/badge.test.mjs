// The toolbar badge of the extension (Chromium): after the popup loads the alerts it shows the
// number of unacknowledged ones, and follows what the user acknowledges. Nothing refreshes in
// the background: the extension has no background page at all.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EXTENSIONS, connect, simAndExtension, simApi } from './lib.mjs';

describe('extension (Chromium): the toolbar badge counts unacknowledged alerts', () => {
  const env = simAndExtension(['--seed', 'empty']);

  const badge = (page) => page.evaluate(() => chrome.action.getBadgeText({}));
  const waitBadge = async (page, text) => {
    for (let i = 0; i < 50 && (await badge(page)) !== text; i++) await page.waitForTimeout(100);
    assert.equal(await badge(page), text);
  };

  test('set when the popup reads the alerts, and kept current', async () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSIONS, 'chromium', 'manifest.json'), 'utf8'));
    assert.equal(manifest.background, undefined, 'no background script: nothing refreshes while the popup is closed');
    const { canarytoken } = (await simApi(env.sim, '/canarytoken/create', { method: 'POST', params: { kind: 'http', memo: 'Badge test' } })).canarytoken;
    const fire = () => fetch(`${env.sim.url}/_sim/trigger`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ canarytoken, count: 3 }) });
    await fire();

    const page = await env.ext.context.newPage();
    await page.goto(`${env.ext.origin}/index.html`);
    assert.equal(await badge(page), '', 'nothing before a Console is connected');
    await connect(page, env.sim.url, env.sim.keys.admin);
    await waitBadge(page, '3');
    await page.locator('nav .nav-count', { hasText: '3' }).waitFor();

    await page.goto(`${env.ext.origin}/index.html#alerts`);
    const first = page.locator('.alert-item').first();
    await first.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await first.getByRole('status').filter({ hasText: 'Acknowledged.' }).waitFor();
    await waitBadge(page, '2');
    await page.close();

    // Reopened after more alerts: the figure is read again.
    await fire();
    const reopened = await env.ext.context.newPage();
    await reopened.goto(`${env.ext.origin}/index.html`);
    await waitBadge(reopened, '5');
    await reopened.close();
  });
});
