// Two windows of the app over one store: profiles saved at once in each are both kept, each
// window shows the other's without a reload, and the passphrase lock still holds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connected, reportErrors, simAndBrowser, simAndExtension } from './lib.mjs';

const SETTINGS = 'canarytoken-manager/settings';

async function fillProfile(page, sim, name, key) {
  await page.fill('[name=console_url]', sim.url);
  await page.fill('[name=auth_token]', key);
  await page.fill('[name=profile_name]', name);
}

const connectButton = (page) => page.getByRole('button', { name: 'Test connection' });

/** The names of the profiles a connect screen lists. */
const listed = (page) => page.locator('.profile .profile-name').allInnerTexts();

describe('two windows (web page)', () => {
  const env = simAndBrowser();

  test('two windows saving different profiles at once keep both, and each shows the other\'s', async () => {
    const { sim, browser } = env;
    const context = await browser.newContext();
    const [a, b] = [reportErrors(await context.newPage()), reportErrors(await context.newPage())];
    for (const page of [a, b]) await page.goto(`${sim.url}/#connect`);
    await fillProfile(a, sim, 'Window A', sim.keys.admin);
    await fillProfile(b, sim, 'Window B', sim.keys.analyst);
    await Promise.all([connectButton(a).click(), connectButton(b).click()]);
    for (const page of [a, b]) await connected(page);
    // Both profiles are stored, and both windows list both, without a reload.
    const stored = JSON.parse(await a.evaluate((k) => localStorage.getItem(k), SETTINGS));
    assert.deepEqual(stored.profiles.map((p) => p.name).sort(), ['Window A', 'Window B']);
    for (const page of [a, b]) {
      await page.goto(`${sim.url}/#connect`).catch(() => {});
      await page.locator('.profile', { hasText: 'Window A' }).waitFor();
      await page.locator('.profile', { hasText: 'Window B' }).waitFor();
    }

    // With both open on the connect screen: one adds a profile, the other removes one, at once.
    await a.getByRole('button', { name: 'Add another Console' }).click();
    await fillProfile(a, sim, 'Window A2', sim.keys['read-only']);
    const removeB = b.locator('.profile', { hasText: 'Window B' });
    await removeB.getByRole('button', { name: 'Remove' }).click();
    await Promise.all([connectButton(a).click(), b.getByRole('button', { name: 'Confirm remove' }).click()]);
    await connected(a);
    for (const page of [a, b]) {
      await page.waitForFunction(
        (k) => {
          const names = [...document.querySelectorAll('.profile .profile-name')].map((e) => e.textContent);
          return names.includes('Window A2') && !names.includes('Window B') && names.includes('Window A');
        },
        SETTINGS,
        { timeout: 10000 },
      );
    }
    const after = JSON.parse(await b.evaluate((k) => localStorage.getItem(k), SETTINGS));
    assert.deepEqual(after.profiles.map((p) => p.name).sort(), ['Window A', 'Window A2']);
    assert.ok(!JSON.stringify(after).includes(sim.keys.analyst), 'the removed profile\'s key is gone');
    assert.deepEqual((await listed(a)).sort(), (await listed(b)).sort());
    await context.close();
  });

  test('a passphrase set in one window locks the other; unlocked, both save into the sealed store', async () => {
    const { sim, browser } = env;
    const context = await browser.newContext();
    const [a, b] = [reportErrors(await context.newPage()), reportErrors(await context.newPage())];
    await a.goto(`${sim.url}/#connect`);
    await fillProfile(a, sim, 'Sealed A', sim.keys.admin);
    await connectButton(a).click();
    await connected(a);
    await b.goto(`${sim.url}/#connect`);
    await b.locator('.profile', { hasText: 'Sealed A' }).waitFor();

    await a.goto(`${sim.url}/#connect`);
    await a.fill('[name=passphrase]', 'correct horse battery staple');
    await a.fill('[name=passphrase_repeat]', 'correct horse battery staple');
    await a.getByRole('button', { name: 'Set passphrase' }).click();
    await a.getByRole('status').filter({ hasText: 'locked with the passphrase' }).waitFor();
    // The other window had the settings in the clear: now it is locked too (the web page hands
    // no key over).
    await b.getByRole('heading', { name: 'Locked' }).waitFor({ timeout: 10000 });
    assert.equal(await b.locator('.profile').count(), 0, 'nothing of the settings is shown');
    await b.fill('[name=passphrase]', 'correct horse battery staple');
    await b.getByRole('button', { name: 'Unlock' }).click();
    await b.goto(`${sim.url}/#connect`);
    await b.locator('.profile', { hasText: 'Sealed A' }).waitFor();

    await a.getByRole('button', { name: 'Add another Console' }).click();
    await fillProfile(a, sim, 'Sealed A2', sim.keys.admin);
    await b.getByRole('button', { name: 'Add another Console' }).click();
    await fillProfile(b, sim, 'Sealed B', sim.keys.analyst);
    await Promise.all([connectButton(a).click(), connectButton(b).click()]);
    for (const page of [a, b]) {
      await connected(page);
      for (const name of ['Sealed A', 'Sealed A2', 'Sealed B']) await page.locator('.profile', { hasText: name }).first().waitFor();
    }
    const raw = await a.evaluate((k) => localStorage.getItem(k), SETTINGS);
    assert.match(raw, /"format":"canarytoken-manager\/vault"/, 'still sealed');
    for (const key of Object.values(sim.keys)) assert.ok(!raw.includes(key));

    // Locking one window locks it only there on the web page; the idle lock setting is shared.
    await a.getByRole('button', { name: 'Lock now' }).click();
    await a.getByRole('heading', { name: 'Locked' }).waitFor();
    await b.locator('.profile', { hasText: 'Sealed B' }).waitFor();
    await context.close();
  });
});

describe('two windows (extension popup page and workbench tab)', () => {
  const env = simAndExtension();

  test('a profile added in the popup shows in the open workbench tab, and both are kept', async () => {
    const popup = await env.ext.context.newPage();
    await popup.goto(`${env.ext.origin}/index.html#connect`);
    await fillProfile(popup, env.sim, 'First', env.sim.keys.admin);
    await connectButton(popup).click();
    await connected(popup);
    const tab = await env.ext.context.newPage();
    await tab.goto(`${env.ext.origin}/workbench.html#bulk`);
    await tab.locator('[name=source]').first().waitFor();

    await popup.goto(`${env.ext.origin}/index.html#connect`);
    await popup.getByRole('button', { name: 'Add another Console' }).click();
    await fillProfile(popup, env.sim, 'Second', env.sim.keys.analyst);
    await connectButton(popup).click();
    await connected(popup);
    // The tab's header now offers both Consoles, without a reload.
    const switcher = tab.getByLabel('Console in use');
    await switcher.waitFor({ timeout: 10000 });
    assert.deepEqual((await switcher.locator('option').allInnerTexts()).sort(), ['First', 'Second']);
    // Choosing one in the tab is saved, and the popup follows.
    await switcher.selectOption({ label: 'First' });
    await popup.waitForFunction(() => document.querySelector('select[name=profile]')?.selectedOptions[0]?.textContent === 'First', null, { timeout: 10000 });
    const stored = await popup.evaluate(() => chrome.storage.local.get(null));
    const settings = JSON.parse(stored[SETTINGS]);
    assert.deepEqual(settings.profiles.map((p) => p.name).sort(), ['First', 'Second']);
    await tab.close();
    await popup.close();
  });
});
