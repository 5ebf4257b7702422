// The connect slice on the web page served by the simulator (same origin as the API).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connect, simAndBrowser } from './lib.mjs';

describe('web page: connect to a Console', () => {
  const env = simAndBrowser();

  test('the demo key connects, goes to work in the inventory, and is remembered', async () => {
    const page = await env.browser.newPage();
    await page.goto(env.sim.url);
    await page.getByRole('button', { name: "Use this page's address" }).click();
    assert.equal(await page.inputValue('[name=console_url]'), env.sim.url);
    await page.fill('[name=auth_token]', env.sim.keys.admin);
    await page.getByRole('button', { name: 'Test connection' }).click();

    // The first connect opens the inventory (the Console has tokens).
    await page.waitForURL(/#inventory$/);
    await page.locator('table.tokens tbody tr').first().waitFor();
    assert.equal(await page.locator('[role=alert]:not(:empty)').count(), 0);

    const stored = await page.evaluate(() => localStorage.getItem('canarytoken-manager/settings'));
    assert.equal(JSON.parse(stored).profiles[0].console, env.sim.url);

    // A saved profile opens straight into the app (Create at no particular address); the
    // connect form keeps it.
    await page.goto(env.sim.url);
    await page.locator('input[name=kind]').first().waitFor();
    assert.equal(new URL(page.url()).hash, '');
    await page.getByRole('link', { name: 'Connect' }).click();
    assert.equal(await page.inputValue('[name=console_url]'), env.sim.url);
    assert.equal(await page.inputValue('[name=auth_token]'), env.sim.keys.admin);
    await page.close();
  });

  test('a wrong key gives an alert and keeps what was typed', async () => {
    const page = await env.browser.newPage();
    await page.goto(env.sim.url);
    await connect(page, env.sim.url, 'not-a-real-key');

    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'Invalid API key' }).waitFor();
    assert.equal(await page.inputValue('[name=auth_token]'), 'not-a-real-key');
    assert.equal(await page.inputValue('[name=console_url]'), env.sim.url);
    assert.equal(await page.locator('.kinds').count(), 0);
    await page.close();
  });

  test('a Console on another origin is blocked by the browser, with the fix named', async () => {
    const page = await env.browser.newPage();
    await page.goto(env.sim.url);
    // Same server, other origin: the simulator (like the Console) sends no CORS headers.
    const otherOrigin = env.sim.url.replace('127.0.0.1', 'localhost');
    await connect(page, otherOrigin, env.sim.keys.admin);

    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'reverse proxy' }).waitFor();
    assert.match(await alert.innerText(), /browser extension/);
    assert.match(await alert.innerText(), new RegExp(env.sim.url.replace(/[.:/]/g, '\\$&')));
    await page.close();
  });

  test('the page loads no inline script', async () => {
    const page = await env.browser.newPage();
    const violations = [];
    page.on('console', (msg) => /Content Security Policy/.test(msg.text()) && violations.push(msg.text()));
    await page.goto(env.sim.url);
    await page.locator('[name=console_url]').waitFor();
    assert.equal(await page.locator('script:not([src])').count(), 0);
    assert.deepEqual(violations, []);
    await page.close();
  });
});
