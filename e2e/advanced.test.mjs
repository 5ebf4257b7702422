// The Advanced screen: bulk clean-up by custom domain, factory strings, the legacy Apeeper factory.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clearSimRequests, openConnected, simAndBrowser, simApi, simRequests } from './lib.mjs';

describe('advanced', () => {
  const env = simAndBrowser();

  test('tokens of a custom domain are counted, then deleted after confirmation', async () => {
    const [domain, other] = (await simApi(env.sim, '/settings/canarytokens/user_domains/list')).user_domains;
    for (const memo of ['one', 'two', 'three']) {
      await simApi(env.sim, '/canarytoken/create', { method: 'POST', params: { kind: 'dns', memo, custom_domain: domain } });
    }
    await simApi(env.sim, '/canarytoken/create', { method: 'POST', params: { kind: 'dns', memo: 'stays', custom_domain: other } });
    const all = (await simApi(env.sim, '/canarytokens/fetch')).tokens;
    const onDomain = all.filter((t) => t.custom_domain === domain).length;
    assert.ok(onDomain >= 3);
    const page = await openConnected(env.browser, env.sim, env.sim.keys.admin, '#advanced');
    await page.locator(`input[name=domains][value="${domain}"]`).check();
    await page.getByRole('button', { name: 'Count tokens' }).click();
    await page.getByRole('status').filter({ hasText: `${onDomain} tokens on these domains will be deleted` }).waitFor();
    await clearSimRequests(env.sim);
    await page.getByRole('button', { name: 'Delete these tokens' }).click();
    await page.getByLabel(/Also delete their alerts/).check();
    await page.getByRole('button', { name: 'Confirm delete' }).click();
    await page.getByRole('status').filter({ hasText: `Deleted ${onDomain} tokens.` }).waitFor();
    const request = (await simRequests(env.sim)).find((r) => r.path === '/api/v1/canarytokens/delete');
    assert.deepEqual([request.params.domains, request.params.clear_incidents], [domain, 'true']);
    const left = (await simApi(env.sim, '/canarytokens/fetch')).tokens;
    assert.equal(left.filter((t) => t.custom_domain === domain).length, 0);
    assert.equal(left.length, all.length - onDomain);
    assert.ok(left.some((t) => t.memo === 'stays'));
    await page.close();
  });

  test('factory strings: created (shown once), listed, deleted', async () => {
    const page = await openConnected(env.browser, env.sim, env.sim.keys.admin, '#advanced');
    await page.fill('#factory-memo', 'Laptop imaging');
    await page.getByRole('button', { name: 'Create factory string' }).click();
    const shown = page.locator('.factory-new code');
    await shown.waitFor();
    const auth = await shown.innerText();
    assert.match(auth, /^[0-9a-f]{32}$/);
    assert.ok((await simApi(env.sim, '/canarytoken/list_factories')).factories.some((f) => f.factory_auth === auth));
    const item = page.locator('.factory', { hasText: 'Laptop imaging' });
    assert.ok(!(await item.innerText()).includes(auth), 'listed strings are masked');
    await item.getByRole('button', { name: 'Delete' }).click();
    await item.getByRole('button', { name: 'Confirm delete' }).click();
    await page.locator('.factory', { hasText: 'Laptop imaging' }).waitFor({ state: 'detached' });
    assert.equal((await simApi(env.sim, '/canarytoken/list_factories')).factories.length, 0);
    await page.close();
  });

  test('an Apeeper factory is deleted by hash', async () => {
    const apeeper = (await simApi(env.sim, '/canarytokens/fetch', { params: { include_endpoints: 'true' } })).tokens.find((t) => t.kind === 'apeeper');
    const page = await openConnected(env.browser, env.sim, env.sim.keys.admin, '#advanced');
    await page.fill('[name=hash]', apeeper.hash);
    const panel = page.locator('section', { has: page.locator('#apeeper-title') });
    await panel.getByRole('button', { name: 'Delete' }).click();
    await panel.getByRole('button', { name: 'Confirm delete' }).click();
    await panel.getByRole('status').filter({ hasText: `Deleted the factory ${apeeper.hash}.` }).waitFor();
    const after = (await simApi(env.sim, '/canarytokens/fetch', { params: { include_endpoints: 'true' } })).tokens;
    assert.ok(!after.some((t) => t.hash === apeeper.hash));
    await page.close();
  });
});
