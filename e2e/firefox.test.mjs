// The extension in Firefox (ESR, headless, through geckodriver): it installs, asks for host
// access to the Console, connects, keeps its profile across reopening, and locks.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EXTENSIONS, ROOT, startSim } from './lib.mjs';
import { Session, startGeckodriver } from './webdriver.mjs';

const UUID = '6a0a3c2e-7c1d-4d2b-9f3e-0d6b8b1f2a11';
const ALERT = 'return [...document.querySelectorAll("[role=alert]")].map((a) => a.textContent).join(" ")';

describe('extension (Firefox)', () => {
  let sim, driver, session, work, page;
  before(async () => {
    sim = await startSim();
    work = mkdtempSync(join(tmpdir(), 'ctm-firefox-'));
    const dir = join(work, 'extension');
    cpSync(join(EXTENSIONS, 'firefox'), dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    manifest.host_permissions.push('http://127.0.0.1/*');
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    driver = await startGeckodriver(4400 + Math.floor(Math.random() * 500));
    session = await Session.create(driver.url, {
      binary: '/usr/bin/firefox-esr',
      args: ['-headless'],
      prefs: {
        'extensions.webextensions.uuids': JSON.stringify({ [manifest.browser_specific_settings.gecko.id]: UUID }),
        // Stands in for the user pressing "Allow" on Firefox's permission prompt.
        'extensions.webextOptionalPermissionPrompts': false,
      },
    });
    await session.installAddon(dir);
    page = `moz-extension://${UUID}/index.html`;
  });
  after(async () => {
    await session?.close().catch(() => {});
    driver?.stop();
    sim?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the Firefox package passes web-ext lint without errors', () => {
    const report = JSON.parse(
      execFileSync(join(ROOT, 'tools/node_modules/.bin/web-ext'), ['lint', '--source-dir', join(EXTENSIONS, 'firefox'), '--output', 'json', '--no-input'], { encoding: 'utf8' }),
    );
    assert.deepEqual(report.errors, []);
  });

  test('connects after asking for host access, and keeps the profile in extension storage', async () => {
    await session.openTab(`${page}#connect`);
    await session.until('the form', 'return document.querySelector("[name=console_url]")');
    const granted = 'const done = arguments[arguments.length - 1]; browser.permissions.contains({origins: ["http://127.0.0.1/*"]}).then(done, () => done(null));';
    // The user took host access away (Firefox lets them): the app must ask again from a click.
    const revoke = 'const done = arguments[arguments.length - 1]; browser.permissions.remove({origins: ["http://127.0.0.1/*"]}).then(done, (e) => done(String(e)));';
    await session.cmd('POST', '/execute/async', { script: revoke, args: [] });
    assert.equal(await session.cmd('POST', '/execute/async', { script: granted, args: [] }), false, 'access revoked');
    await session.type('[name=console_url]', sim.url);
    await session.type('[name=auth_token]', sim.keys.admin);
    await session.click('button[type=submit]');
    // The first connect goes to work: the Console has tokens, so the inventory.
    const connected = await session.until('connected or refused', `
      const alerts = [...document.querySelectorAll("[role=alert]")].map((e) => e.textContent).join(" ").trim();
      return (location.hash === "#inventory" && document.querySelector("table.tokens tbody tr") && "inventory") || alerts;`);
    assert.equal(connected, 'inventory');
    assert.equal(await session.cmd('POST', '/execute/async', { script: granted, args: [] }), true, 'the click asked for access again');
    const stored = await session.cmd('POST', '/execute/async', {
      script: 'const done = arguments[arguments.length - 1]; browser.storage.local.get(null).then((s) => done(JSON.stringify(s)));',
      args: [],
    });
    assert.equal(JSON.parse(JSON.parse(stored)['canarytoken-manager/settings']).profiles[0].console, sim.url);
  });

  test('reopened, it opens straight into the app and creates a token', async () => {
    await session.openTab(page);
    await session.until('the kind picker', 'return document.querySelector("input[name=kind][value=dns]")');
    await session.click('input[name=kind][value=dns]');
    await session.type('[name=memo]', 'Firefox test <b>memo</b>');
    await session.click('button.primary[type=submit]');
    await session.until('created', 'return [...document.querySelectorAll("[role=status]")].some((s) => s.textContent === "Token created.")');
    assert.equal(await session.script('return document.querySelector(".created .memo").textContent'), 'Firefox test <b>memo</b>');
    assert.equal(await session.script('return document.querySelectorAll("main b").length'), 0);
    // The toolbar badge counts the unacknowledged alerts, as the nav does.
    const nav = await session.until('the alert count', 'return document.querySelector("nav .nav-count")?.textContent');
    const badge = 'const done = arguments[arguments.length - 1]; browser.action.getBadgeText({}).then(done, (e) => done(String(e)));';
    assert.equal(await session.cmd('POST', '/execute/async', { script: badge, args: [] }), nav);
  });

  test('the workbench opens in a tab of its own and reads the Console', async () => {
    await session.openTab(page.replace('index.html', 'workbench.html#advanced'));
    await session.until('the custom domains', 'return document.querySelector("input[name=domains]")');
    assert.equal(await session.script('return document.querySelector("nav [aria-current=page]").textContent'), 'Advanced');
  });

  test('a passphrase locks the store; other tabs open unlocked until Lock, then ask', async () => {
    await session.openTab(`${page}#connect`);
    await session.until('security', 'return document.querySelector("[name=passphrase]")');
    await session.type('[name=passphrase]', 'correct horse battery staple');
    await session.type('[name=passphrase_repeat]', 'correct horse battery staple');
    await session.script('[...document.querySelectorAll("button")].find((b) => b.textContent === "Set passphrase").click()');
    await session.until('locked with a passphrase', 'return [...document.querySelectorAll("[role=status]")].some((s) => s.textContent.includes("locked with the passphrase"))');
    await session.openTab(page);
    await session.until('unlocked by the other tab', 'return document.querySelector("input[name=kind]")');
    await session.script('[...document.querySelectorAll("button")].find((b) => b.textContent === "Lock").click()');
    await session.until('locked', 'return document.querySelector("#unlock-title")');
    await session.openTab(page);
    await session.until('the unlock screen', 'return document.querySelector("#unlock-title")');
    await session.type('[name=passphrase]', 'wrong');
    await session.script('[...document.querySelectorAll("button")].find((b) => b.textContent === "Unlock").click()');
    assert.match(await session.until('refused', `const a = (() => { ${ALERT} })(); return a.includes("passphrase") && a`), /does not unlock/);
    await session.type('[name=passphrase]', 'correct horse battery staple');
    await session.script('[...document.querySelectorAll("button")].find((b) => b.textContent === "Unlock").click()');
    await session.until('unlocked into the app', 'return document.querySelector("input[name=kind]")');
  });
});
