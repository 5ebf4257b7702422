// Leaving a screen while its work is still under way: the Console's late answers and pending
// timers must find the screen gone without stopping the app. (The page fails the test on any
// panic when it is closed: see reportErrors in lib.mjs.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openConnected, simAndBrowser, simApi, simFaults, simRequests } from './lib.mjs';

const LATENCY_MS = 400;

describe('leaving a screen while it works', () => {
  const env = simAndBrowser(['--seed', 'empty']);

  const nav = (page, name) => page.getByRole('navigation').getByRole('link', { name }).click();
  const answered = async (path, count) => {
    for (let i = 0; i < 50; i++) {
      const done = (await simRequests(env.sim)).filter((r) => r.path === `/api/v1${path}`).length;
      if (done >= count) return;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    assert.fail(`${path} was not answered ${count} times`);
  };

  test('a filter typed just before opening a token', async () => {
    await simApi(env.sim, '/canarytoken/create', { method: 'POST', params: { kind: 'dns', memo: 'Laptop 7 finance' } });
    const page = await openConnected(env.browser, env.sim, env.sim.keys.admin, '#inventory');
    await page.locator('table.tokens tbody tr').first().waitFor();
    // The Console search waits for typing to pause; the screen goes before it would start.
    await page.fill('[name=search_string]', 'laptop');
    await page.getByRole('button', { name: 'Details' }).first().click();
    await page.locator('#token-title').waitFor();
    await page.waitForTimeout(600);
    assert.equal(await page.locator('.crashed').count(), 0);
    await page.close();
  });

  test('requests still in flight when the screen changes', async () => {
    const { canarytoken: token } = (
      await simApi(env.sim, '/canarytoken/create', { method: 'POST', params: { kind: 'http', memo: 'Intranet wiki' } })
    ).canarytoken;
    const page = await openConnected(env.browser, env.sim, env.sim.keys.admin, `#token/${token}`);
    await page.locator('#token-title').waitFor();
    await simFaults(env.sim, { latency_ms: LATENCY_MS });
    try {
      // Its alerts, then a state change, each answered after the screen is gone.
      await page.reload();
      await page.locator('#token-title').waitFor();
      await nav(page, 'Inventory');
      await answered('/incidents/search', 2);
      await nav(page, 'Create');
      await page.goto(`${env.sim.url}/#token/${token}`);
      await page.getByRole('button', { name: 'Disable' }).click();
      await nav(page, 'Inventory');
      await answered('/canarytoken/disable', 1);
      // A token created while the user has moved on is still created, and listed.
      await nav(page, 'Create');
      await page.locator('input[name=kind][value="dns"]').check();
      await page.fill('[name=memo]', 'Created while away');
      await page.getByRole('button', { name: 'Create token' }).click();
      await nav(page, 'Inventory');
      await answered('/canarytoken/create', 3);
      await page.waitForTimeout(LATENCY_MS);
    } finally {
      await simFaults(env.sim, { latency_ms: 0 });
    }
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('table.tokens', { hasText: 'Created while away' }).waitFor();
    const row = page.locator('table.tokens tbody tr', { hasText: 'Intranet wiki' });
    assert.match(await row.innerText(), /Disabled/);
    assert.equal(await page.locator('.crashed').count(), 0);
    await page.close();
  });
});
