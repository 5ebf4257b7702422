// The bulk run's journal: a run survives its page closing, reloading or crashing mid-run and is
// resumed without creating anything twice, also with failing and hanging requests and with the
// network dropping; the journal keeps no key; it works from the extension's workbench tab too.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { clearSimRequests, connect, connected, forbidDialogs, reportErrors, simAndBrowser, simAndExtension, simApi, simFaults, simRequests } from './lib.mjs';

const CREATE = '/api/v1/canarytoken/create';
const SEARCH = '/api/v1/canarytokens/search';
const JOURNAL = 'canarytoken-manager/bulk/';
/** Every fault switch this file uses, off: each test starts from here. */
const NO_FAULTS = { latency_ms: 0, fail_some: null, hang_next: 0, fail_next: null };

/** A word no other test's memos contain. */
const tag = () => `j${Math.random().toString(36).slice(2, 8)}`;

/** Waits (bounded) until `check` resolves truthy. */
async function until(check, what, timeout = 60000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const answeredCreates = async (sim) => (await simRequests(sim)).filter((r) => r.path === CREATE && r.status === 200).length;

/** A browser context whose pages open connected to the simulator (the web page). */
async function connectedContext(browser, sim, profiles = [{ name: 'Simulator', key: sim.keys.admin }]) {
  const context = await browser.newContext({ acceptDownloads: true });
  const settings = { profiles: profiles.map((p) => ({ name: p.name, console: sim.url, key: p.key, auth_style: 'header' })), active: 0 };
  await context.addInitScript((json) => {
    if (!localStorage.getItem('canarytoken-manager/settings')) localStorage.setItem('canarytoken-manager/settings', json);
  }, JSON.stringify(settings));
  return context;
}

async function workbench(context, url) {
  const page = reportErrors(await context.newPage());
  forbidDialogs(page);
  await page.goto(url);
  return page;
}

/** "12 done · 1 failed · 87 left" → numbers. */
async function counts(page) {
  const text = await page.locator('.run-counts').innerText();
  const n = (word) => Number((text.match(new RegExp(`([\\d,]+) ${word}`)) ?? [0, '0'])[1].replaceAll(',', ''));
  return { done: n('done'), failed: n('failed'), left: n('left'), cancelled: n('cancelled'), text };
}

const status = (page, text) => page.getByRole('status').filter({ hasText: text });

async function fromPattern(page, memo, count) {
  await page.check('[name=source][value=pattern]');
  await page.selectOption('select[name=kind]', 'dns');
  await page.fill('[name=memo]', memo);
  await page.fill('[name=count]', String(count));
  await page.locator('.bulk-preview .counts', { hasText: `${count} rows: ${count} ready` }).waitFor();
}

/** Every token on the simulator whose memo has `word`. */
async function consoleMemos(sim, word) {
  const found = await simApi(sim, '/canarytokens/search', { params: { search_string: word, limit: 1000 } });
  return found.canarytokens.map((t) => t.memo);
}

/** The journal's keys and values in a page of the web app. */
const journalOf = (page) =>
  page.evaluate((prefix) => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith(prefix)).map((k) => [k, localStorage.getItem(k)])), JOURNAL);

/** Resumes an interrupted run (a closed page's lease is waited out by the app). */
async function resume(page) {
  await status(page, 'Interrupted').waitFor();
  await page.getByRole('button', { name: 'Resume' }).click();
  await page.getByRole('status').filter({ hasText: /^(Creating tokens|Finished|Paused)/ }).waitFor({ timeout: 20000 });
}

/** Runs "Rerun failed rows" until nothing fails (bounded). */
async function rerunToTheEnd(page, total) {
  for (let i = 0; i < 8; i++) {
    await status(page, /^Finished:/).waitFor({ timeout: 120000 });
    const c = await counts(page);
    if (c.done === total) return c;
    await page.getByRole('button', { name: 'Rerun failed rows' }).click();
    const confirm = page.getByRole('button', { name: 'Rerun anyway' });
    if (await confirm.isVisible().catch(() => false)) await confirm.click();
    await page.waitForFunction(() => !/^Finished/.test(document.querySelector('.bulk-run [role=status]')?.textContent ?? ''), null, { timeout: 10000 }).catch(() => {});
  }
  return counts(page);
}

async function exactlyOnce(sim, t, total, memo) {
  const memos = await consoleMemos(sim, t);
  assert.equal(memos.length, total, `${memos.length} tokens for ${total} rows`);
  assert.equal(new Set(memos).size, total, 'no memo twice on the Console');
  for (let n = 1; n <= total; n++) assert.ok(memos.includes(memo(n)), `row ${n} has its token`);
}

async function resultsCsv(page) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download results (CSV)' }).click()]);
  return readFileSync(await file.path(), 'utf8').split('\r\n').filter((l) => l !== '');
}

describe('bulk runs survive their page (web page)', () => {
  const env = simAndBrowser(['--seed', 'empty']);

  /**
   * Starts a run of `count` rows with memos `<word> <tag> <n:03>` in a workbench page of a new
   * connected context, with the simulator's `faults`.
   */
  async function startRun(word, count, faults, profiles) {
    const { sim, browser } = env;
    const t = tag();
    const memo = (n) => `${word} ${t} ${String(n).padStart(3, '0')}`;
    const context = await connectedContext(browser, sim, profiles);
    const url = `${sim.url}/workbench.html#bulk`;
    const page = await workbench(context, url);
    await fromPattern(page, `${word} ${t} {n:03}`, count);
    await simFaults(sim, { ...NO_FAULTS, ...faults });
    await clearSimRequests(sim);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    return { sim, t, memo, context, url, page };
  }

  test('200 rows, the page closed after about 60 answers, reopened and resumed: 200 tokens, none twice', async () => {
    const { sim, t, memo, context, url, page } = await startRun('Desk', 200, { latency_ms: 40 });
    await until(async () => (await answeredCreates(sim)) >= 60, '60 answers');
    await page.close();
    await new Promise((r) => setTimeout(r, 300));
    const made = (await consoleMemos(sim, t)).length;
    assert.ok(made >= 60 && made < 200, `the run was cut short (${made} created)`);

    const again = await workbench(context, url);
    await again.locator('.bulk-restored').waitFor();
    const journal = await journalOf(again);
    const header = JSON.parse(journal[`${JOURNAL}run`]);
    assert.equal(header.rows, 200);
    assert.deepEqual(header.owner, { console: sim.url, profile: 'Simulator' });
    const text = JSON.stringify(journal);
    for (const key of Object.values(sim.keys)) assert.ok(!text.includes(key), 'no API key in the journal');
    // Every row's state is shown, and its results are there before resuming.
    const c = await counts(again);
    assert.equal(c.done + c.left + c.failed, 200, c.text);
    assert.ok(c.done >= 50 && c.done <= made, c.text);
    const partial = await resultsCsv(again);
    assert.equal(partial.length, 201);
    assert.equal(partial.slice(1).filter((l) => /,[0-9a-z]{25},/.test(l)).length, c.done);

    await clearSimRequests(sim);
    await resume(again);
    await status(again, 'Finished: 200 created, 0 failed.').waitFor({ timeout: 120000 });
    await simFaults(sim, { latency_ms: 0 });
    const log = await simRequests(sim);
    const creates = log.filter((r) => r.path === CREATE);
    assert.equal(creates.filter((r) => r.status === 200).length, 200 - made, "only the rows not made are created");
    assert.ok(creates.every((r) => r.params.skip_create_if_exists === 'true'), 'every create asks to skip an existing token');
    assert.ok(log.some((r) => r.path === SEARCH), 'rows sent without an answer were looked up');
    await exactlyOnce(sim, t, 200, memo);
    const results = await resultsCsv(again);
    assert.equal(results.length, 201);
    assert.ok(results.slice(1).every((l) => /^\d+,dns,Desk \w+ \d{3},[0-9a-z]{25},/.test(l)), 'every row has its token id');

    // "New bulk job" forgets the run and its journal.
    await again.getByRole('button', { name: 'New bulk job' }).click();
    await again.locator('[name=source]').first().waitFor();
    assert.deepEqual(await journalOf(again), {});
    await again.close();
    await context.close();
  });

  test('the same with requests failing with 500 and one that never answers, and a reload', async () => {
    const { sim, t, memo, context, page } = await startRun('Kiosk', 200, { latency_ms: 30, fail_some: { every: 13, status: 500 } });
    await until(async () => (await answeredCreates(sim)) >= 30, '30 answers');
    await simFaults(sim, { hang_next: 1 });
    await until(async () => (await answeredCreates(sim)) >= 60, '60 answers');
    // A reload is a page closing and opening again.
    await page.reload();
    await page.locator('.bulk-restored').waitFor();
    const hung = (await simRequests(sim)).filter((r) => r.path === CREATE && r.status === 0);
    assert.equal(hung.length, 1, 'one create never answered');
    await resume(page);
    const c = await rerunToTheEnd(page, 200);
    await simFaults(sim, NO_FAULTS);
    assert.equal(c.done, 200, c.text);
    await exactlyOnce(sim, t, 200, memo);
    assert.ok(!(await consoleMemos(sim, t)).includes(undefined));
    await page.close();
    await context.close();
  });

  test('the network drops mid-run: it pauses by itself and goes on when back, nothing lost or doubled', async () => {
    const { sim, t, memo, context, page } = await startRun('Laptop', 120, { latency_ms: 30 });
    await until(async () => (await answeredCreates(sim)) >= 30, '30 answers');
    await context.setOffline(true);
    await status(page, 'Paused: the browser is offline').waitFor({ timeout: 20000 });
    await page.waitForTimeout(300);
    const during = await answeredCreates(sim);
    await page.waitForTimeout(1500);
    assert.equal(await answeredCreates(sim), during, 'nothing is sent while offline');
    await context.setOffline(false);
    await status(page, 'Finished: 120 created, 0 failed.').waitFor({ timeout: 120000 });
    await simFaults(sim, { latency_ms: 0 });
    await exactlyOnce(sim, t, 120, memo);
    await page.close();
    await context.close();
  });

  test('a run is resumed only against its own profile, and "Discard run" forgets it', async () => {
    const profiles = [{ name: 'Simulator', key: env.sim.keys.admin }, { name: 'Other', key: env.sim.keys.admin }];
    const { sim, t, context, url, page } = await startRun('Shelf', 40, { latency_ms: 60 }, profiles);
    await until(async () => (await consoleMemos(sim, t)).length >= 5, '5 tokens');
    await page.close();
    const again = await workbench(context, url);
    await again.locator('.bulk-restored').waitFor();
    await again.getByLabel('Console in use').selectOption({ label: 'Other' });
    await again.locator('.bulk-restored [role=alert]', { hasText: 'not the Console in use' }).waitFor();
    const made = (await consoleMemos(sim, t)).length;
    await clearSimRequests(sim);
    await again.getByRole('button', { name: 'Resume' }).click();
    await again.getByRole('alert').filter({ hasText: 'made with the profile “Simulator”' }).waitFor();
    assert.equal((await simRequests(sim)).filter((r) => r.path === CREATE).length, 0, 'nothing sent to another profile');
    await again.getByRole('button', { name: 'Discard run' }).click();
    await again.getByRole('button', { name: 'Confirm discard' }).click();
    await again.locator('[name=source]').first().waitFor();
    assert.deepEqual(await journalOf(again), {});
    assert.equal((await consoleMemos(sim, t)).length, made, 'created tokens stay');
    await simFaults(sim, { latency_ms: 0 });
    await again.close();
    await context.close();
  });
});

describe('bulk runs survive their tab (extension, storage.local)', () => {
  const env = simAndExtension(['--seed', 'empty']);

  test('the workbench tab closed mid-run and opened again resumes from storage.local', async () => {
    const t = tag();
    const popup = await env.ext.context.newPage();
    await popup.goto(`${env.ext.origin}/index.html#connect`);
    await connect(popup, env.sim.url, env.sim.keys.admin);
    await connected(popup);
    await popup.close();
    const url = `${env.ext.origin}/workbench.html#bulk`;
    const tab = await env.ext.context.newPage();
    await tab.goto(url);
    await fromPattern(tab, `Badge ${t} {n:03}`, 150);
    await simFaults(env.sim, { ...NO_FAULTS, latency_ms: 80 });
    await tab.getByRole('button', { name: 'Start', exact: true }).click();
    await until(async () => (await answeredCreates(env.sim)) >= 15, '15 answers');
    const stored = await tab.evaluate(() => chrome.storage.local.get(null));
    assert.ok(stored['canarytoken-manager/bulk/run'], 'the journal is in storage.local');
    assert.ok(stored['canarytoken-manager/bulk/rows/0']);
    assert.match(stored['canarytoken-manager/bulk/lease'] ?? '', /^p[0-9a-f]+ \d+$/, 'the tab holds the run');
    for (const key of Object.values(env.sim.keys)) assert.ok(!JSON.stringify(Object.entries(stored).filter(([k]) => k.startsWith(JOURNAL))).includes(key));
    assert.equal(await tab.evaluate(() => localStorage.length), 0, 'nothing in the page\'s localStorage');
    await tab.close();

    const again = await env.ext.context.newPage();
    await again.goto(url);
    await again.locator('.bulk-restored').waitFor();
    await resume(again);
    await status(again, 'Finished: 150 created, 0 failed.').waitFor({ timeout: 60000 });
    await simFaults(env.sim, { latency_ms: 0 });
    const memos = await consoleMemos(env.sim, t);
    assert.equal(memos.length, 150);
    assert.equal(new Set(memos).size, 150);
    await again.close();
  });
});
