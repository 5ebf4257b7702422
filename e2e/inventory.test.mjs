// The inventory at scale: 10,000 tokens loaded page by page with a progress bar, then filtered
// in the page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openConnected, simAndBrowser, simRequests } from './lib.mjs';

describe('inventory of 10,000 tokens', () => {
  const env = simAndBrowser(['--seed', 'scale']);

  test('"Load all" pages through everything with progress, then filters need no requests', async () => {
    const page = await openConnected(env.browser, env.sim, env.sim.keys.admin, '#inventory');
    await page.locator('.load-bar', { hasText: '100 of 10,000 loaded' }).waitFor();
    assert.equal(await page.locator('table.tokens tbody tr').count(), 50);
    await page.getByRole('button', { name: 'Load all' }).click();
    await page.locator('progress').waitFor();
    await page.locator('.load-bar', { hasText: '10,000 of 10,000 loaded' }).waitFor({ timeout: 60000 });
    assert.equal(await page.locator('progress').count(), 0, 'the progress bar goes when done');
    assert.equal(await page.locator('table.tokens tbody tr').count(), 50, 'the DOM holds one view page');

    const searches = (await simRequests(env.sim)).filter((r) => r.path === '/api/v1/canarytokens/search');
    // The largest pages the Console accepts (Thinkst's own client asks for 2500).
    assert.equal(searches.find((r) => r.params.limit !== '100').params.limit, '2500');
    const big = searches.filter((r) => r.status === 200 && r.params.limit !== '100');
    const size = Number(big[0].params.limit);
    assert.ok(size >= 1000, `pages of ${size}`);
    assert.equal(big.length, Math.ceil(10000 / size), `${big.length} pages of ${size} for 10,000 tokens`);

    const before = (await simRequests(env.sim)).length;
    await page.fill('[name=search_string]', 'laptop 0421');
    await page.locator('.counts', { hasText: 'Showing 2 of 2 matching' }).waitFor();
    await page.selectOption('select[name=active]', 'false');
    await page.getByRole('button', { name: 'Show more' }).count();
    await page.waitForTimeout(500);
    assert.equal((await simRequests(env.sim)).length, before, 'filters over a complete inventory send nothing');
    await page.close();
  });
});

describe('the inventory at popup size', () => {
  const env = simAndBrowser();

  test('a compact list: six tokens above the fold, filters folded with a count, the memo opens the token', async () => {
    const page = await openConnected(env.browser, env.sim, env.sim.keys.admin, '#inventory');
    await page.setViewportSize({ width: 400, height: 600 });
    const rows = page.locator('table.tokens tbody tr');
    await rows.nth(6).waitFor();
    const visible = await rows.evaluateAll((trs) => trs.filter((tr) => tr.getBoundingClientRect().bottom <= innerHeight).length);
    assert.ok(visible >= 6, `${visible} tokens fully visible at 400×600`);
    assert.ok(await page.locator('input[type=search][name=search_string]').isVisible(), 'the text filter stays in view');
    assert.ok(!(await page.locator('select[name=active]').isVisible()), 'the other filters are folded');
    await page.getByRole('button', { name: 'Filters' }).click();
    await page.selectOption('select[name=active]', 'false');
    await page.getByRole('button', { name: 'Filters (1)' }).waitFor();
    await page.selectOption('select[name=active]', '');
    const first = rows.first();
    const id = await first.locator('.token-id').innerText();
    await first.locator('a.open-token').click();
    await page.waitForURL(new RegExp(`#token/${id}$`));
    await page.locator('#token-title').waitFor();
    await page.close();
  });
});
