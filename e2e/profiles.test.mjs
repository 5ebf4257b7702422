// Several Consoles and keys of any role: profiles added, switched from the header, edited and
// removed; a refused action is then disabled with the reason; keys kept for the session only;
// "Forget all".
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { connected, openConnected, simAndBrowser } from './lib.mjs';

describe('profiles and keeping the keys (web page)', () => {
  let page;
  const env = simAndBrowser();
  before(async () => {
    page = await env.browser.newPage();
    await page.goto(`${env.sim.url}/#connect`);
  });

  async function addProfile(name, key) {
    await page.fill('[name=console_url]', env.sim.url);
    await page.fill('[name=auth_token]', key);
    await page.fill('[name=profile_name]', name);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await connected(page);
  }

  test('two profiles, switched from the header; a refused action is disabled with the reason', async () => {
    await addProfile('Acme admin', env.sim.keys.admin);
    await page.waitForURL(/#inventory$/); // the first profile goes to work
    await page.getByRole('link', { name: 'Connect' }).click();
    await page.getByRole('button', { name: 'Add another Console' }).click();
    assert.equal(await page.inputValue('[name=auth_token]'), '');
    await addProfile('Acme viewer', env.sim.keys['read-only']);
    assert.equal(await page.locator('.profile').count(), 2);
    const switcher = page.getByLabel('Console in use');
    assert.equal(await switcher.locator('option:checked').innerText(), 'Acme viewer');

    await page.getByRole('link', { name: 'Create' }).click();
    await page.locator('input[name=kind][value=dns]').check();
    await page.fill('[name=memo]', 'Viewer tries');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.locator('.notice-refused', { hasText: 'This API key cannot create tokens' }).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Create token' }).isDisabled());
    assert.equal(await page.inputValue('[name=memo]'), 'Viewer tries', 'what was typed stays');

    await switcher.selectOption({ label: 'Acme admin' });
    await page.locator('.notice-refused').waitFor({ state: 'hidden' });
    await page.locator('input[name=kind][value=dns]').check();
    await page.fill('[name=memo]', 'Admin creates');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('status').filter({ hasText: 'Token created.' }).waitFor();
  });

  test('a profile is edited and removed (after confirmation)', async () => {
    await page.getByRole('link', { name: 'Connect' }).click();
    const viewer = page.locator('.profile', { hasText: 'Acme viewer' });
    await viewer.getByRole('button', { name: 'Edit' }).click();
    assert.equal(await page.inputValue('[name=profile_name]'), 'Acme viewer');
    await page.fill('[name=profile_name]', 'Acme read-only');
    await page.selectOption('[name=auth_style]', 'param');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await connected(page);
    const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('canarytoken-manager/settings')));
    assert.deepEqual(saved.profiles.map((p) => [p.name, p.auth_style]), [['Acme admin', 'header'], ['Acme read-only', 'param']]);

    const readOnly = page.locator('.profile', { hasText: 'Acme read-only' });
    await readOnly.getByRole('button', { name: 'Remove' }).click();
    await readOnly.getByRole('button', { name: 'Confirm remove' }).click();
    await page.locator('.profile', { hasText: 'Acme read-only' }).waitFor({ state: 'detached' });
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('canarytoken-manager/settings')).profiles.length === 1);
  });

  test('"this session only" keeps nothing on disk; "Forget all" wipes everything', async () => {
    await page.getByLabel('This session only').check();
    await page.getByRole('status').filter({ hasText: 'this browser session only' }).waitFor();
    const stored = await page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage } }));
    assert.deepEqual(Object.keys(stored.local), ['canarytoken-manager/persistence']);
    assert.ok(!JSON.stringify(stored.local).includes(env.sim.keys.admin));
    assert.ok(stored.session['canarytoken-manager/settings'].includes('Acme admin'));

    await page.getByRole('button', { name: 'Forget all' }).click();
    await page.getByRole('button', { name: 'Confirm forget all' }).click();
    await page.getByRole('status').filter({ hasText: 'forgotten' }).waitFor();
    const left = await page.evaluate(() => Object.keys({ ...localStorage, ...sessionStorage }).filter((k) => k.startsWith('canarytoken-manager')));
    assert.deepEqual(left, []);
    assert.equal(await page.locator('.profile').count(), 0);
  });
});

describe('a refusal holds in its flock only (web page)', () => {
  const env = simAndBrowser();

  test('a refusal in one flock leaves the others open, and Try again re-enables', async () => {
    const page = await openConnected(env.browser, env.sim, env.sim.keys['read-only']);
    await page.locator('input[name=kind][value=dns]').check();
    await page.fill('[name=memo]', 'Branch router');
    await page.locator('select[name=flock_id]').selectOption('flock:default');
    await page.getByRole('button', { name: 'Create token' }).click();
    const refusal = page.locator('.notice-refused', { hasText: 'cannot create tokens in this flock' });
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /Pick another flock, or press Try again/);
    assert.ok(await page.getByRole('button', { name: 'Create token' }).isDisabled());
    assert.equal(await page.inputValue('[name=memo]'), 'Branch router', 'what was typed stays');

    // Another flock is open: the refusal does not hold there until the Console says so.
    await page.locator('select[name=flock_id]').selectOption('flock:branch-offices');
    await refusal.waitFor({ state: 'hidden' });
    assert.ok(!(await page.getByRole('button', { name: 'Create token' }).isDisabled()));
    await page.locator('select[name=flock_id]').selectOption('flock:default');
    await refusal.waitFor();

    // Try again re-enables the same flock (the key's permissions may have changed).
    await refusal.getByRole('button', { name: 'Try again' }).click();
    await refusal.waitFor({ state: 'hidden' });
    assert.ok(!(await page.getByRole('button', { name: 'Create token' }).isDisabled()));
    await page.close();
  });
});
