// Alerts: the Alerts screen across tokens (list, filters, acknowledge, unacknowledge, delete),
// a token's alerts with its bulk actions, the export on the workbench, a read-only key's
// refusals, and markup in headers, memos and sources shown as text with nothing run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { clearSimRequests, forbidDialogs, openConnected, simAndBrowser, simApi, simRequests } from './lib.mjs';

const post = (sim, path, body) =>
  fetch(`${sim.url}/_sim/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
const reset = (sim) => post(sim, 'reset', { seed: 'empty' });
const token = async (sim, kind, memo, params = {}) =>
  (await simApi(sim, '/canarytoken/create', { method: 'POST', params: { kind, memo, ...params } })).canarytoken.canarytoken;
const fire = (sim, canarytoken, more = {}) => post(sim, 'trigger', { canarytoken, ...more });
const sent = async (sim, path) => (await simRequests(sim)).filter((r) => r.path === `/api/v1${path}`);
const last = async (sim, path) => (await sent(sim, path)).at(-1);
const unacknowledged = async (sim) => Number((await simApi(sim, '/incidents/search', { params: { limit: 1 } })).total_results);

/** Waits until `check` passes (bounded), for what the simulator sees after a click. */
async function until(what, check) {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

// What attackers put in headers, memos and sources: each must show as text, and none may run.
const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '"><svg onload="window.__pwned=3">',
  "javascript:window.__pwned=4",
  '<iframe srcdoc="<script>parent.__pwned=5</script>">',
  '{{constructor.constructor("window.__pwned=6")()}}',
];

describe('alerts', () => {
  const env = simAndBrowser(['--seed', 'empty']);

  async function alertsPage(key = env.sim.keys.admin, hash = '#alerts') {
    const page = await openConnected(env.browser, env.sim, key, hash);
    forbidDialogs(page);
    return page;
  }

  test('the Alerts screen lists every token\'s unacknowledged alerts with their details, as text', async () => {
    await reset(env.sim);
    const wiki = await token(env.sim, 'http', 'Finance wiki');
    const keys = await token(env.sim, 'aws-id', 'CI runner keys');
    const folder = await token(env.sim, 'windows-dir', 'HR share');
    await fire(env.sim, wiki, { headers: { 'User-Agent': 'curl/8.5.0 (tester)', 'X-Forwarded-For': '10.0.0.7' }, src_host: '198.51.100.13' });
    await fire(env.sim, keys);
    await fire(env.sim, folder);
    const acked = (await fire(env.sim, wiki)).incidents[0];
    await simApi(env.sim, '/incident/acknowledge', { method: 'POST', params: { incident: acked } });

    const page = await alertsPage();
    const items = page.locator('.alert-item');
    await items.nth(2).waitFor();
    assert.equal(await items.count(), 3, 'unacknowledged alerts by default');
    assert.equal(await page.inputValue('select[name=filter_incident_state]'), 'unacknowledged');
    assert.equal(await page.locator('nav .nav-count').innerText(), '3', 'the nav counts unacknowledged alerts');
    const search = await last(env.sim, '/incidents/search');
    assert.equal(search.params.filter_incident_state, 'unacknowledged');

    const web = items.filter({ hasText: 'Finance wiki' });
    assert.match(await web.innerText(), /Web Bug/);
    assert.match(await web.locator('.alert-source').innerText(), /From 198\.51\.100\.13 \(host-198-51-100-13\.example\.net\) · Frankfurt am Main, Hesse, Germany · VPN/);
    assert.match(await web.locator('.alert-when').innerText(), /\d{4}-\d\d-\d\d \d\d:\d\d your time · \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    assert.equal(await web.locator('.alert-ua').innerText(), 'User-Agent: curl/8.5.0 (tester)', 'the User-Agent shows without opening anything');
    assert.equal(await web.locator('a.alert-token').getAttribute('href'), `#token/${wiki}`);
    await web.locator('summary').click();
    const details = await web.locator('.event-hit').innerText();
    for (const shown of ['X-Forwarded-For', '10.0.0.7', 'Accept-Language', 'timezone.id', 'Europe/Berlin', 'is_vpn', `/${wiki}/`]) {
      assert.ok(details.includes(shown), `${shown} in the details: ${details}`);
    }

    const aws = items.filter({ hasText: 'CI runner keys' });
    assert.match(await aws.innerText(), /AWS API Key/);
    assert.match(await aws.innerText(), /additional_info\.eventName\s+GetCallerIdentity/);
    const share = items.filter({ hasText: 'HR share' });
    assert.match(await share.innerText(), /windows_desktopini_access_username\s+\S+/);
    assert.match(await share.innerText(), /hostname\s+\S+\.CORP\.INI\./);

    await web.locator('a.alert-token').click();
    await page.locator('#token-title', { hasText: 'Web Bug' }).waitFor();
    await page.close();
  });

  test('filters: state, kind, flock, text and time range go to the Console', async () => {
    await reset(env.sim);
    const dns = await token(env.sim, 'dns', 'Build server hosts');
    const web = await token(env.sim, 'http', 'Intranet page', { flock_id: 'flock:branch-offices' });
    await fire(env.sim, dns, { count: 2 });
    await fire(env.sim, web, { src_host: '203.0.113.250' });
    const acked = (await fire(env.sim, web)).incidents[0];
    await simApi(env.sim, '/incident/acknowledge', { method: 'POST', params: { incident: acked } });

    const page = await alertsPage();
    const items = page.locator('.alert-item');
    await items.nth(2).waitFor();
    await page.selectOption('select[name=filter_incident_state]', 'acknowledged');
    await page.locator('.counts', { hasText: 'Showing 1 of 1' }).waitFor();
    assert.match(await items.first().innerText(), /acknowledged/);
    assert.equal(await items.getByRole('button', { name: 'Unacknowledge' }).count(), 1);
    await page.selectOption('select[name=filter_incident_state]', 'all');
    await page.locator('.counts', { hasText: 'Showing 4 of 4' }).waitFor();

    await page.selectOption('select[name=filter_logtypes]', '16000');
    await page.locator('.counts', { hasText: 'Showing 2 of 2' }).waitFor();
    assert.equal((await last(env.sim, '/incidents/search')).params.filter_logtypes, '16000');
    await page.selectOption('select[name=filter_logtypes]', '');
    await page.selectOption('select[name=flock_id]', 'flock:branch-offices');
    await page.locator('.counts', { hasText: 'Showing 2 of 2' }).waitFor();
    assert.equal((await last(env.sim, '/incidents/search')).params.flock_id, 'flock:branch-offices');
    await page.selectOption('select[name=flock_id]', '');
    await page.locator('.counts', { hasText: 'Showing 4 of 4' }).waitFor();

    // Over a complete list typing filters in the page and asks the Console nothing.
    await clearSimRequests(env.sim);
    await page.fill('[name=filter_str]', '203.0.113.250');
    await page.locator('.counts', { hasText: 'Showing 1 of 1' }).waitFor();
    assert.match(await items.first().innerText(), /203\.0\.113\.250/);
    await page.waitForTimeout(500);
    assert.equal((await sent(env.sim, '/incidents/search')).length, 0, 'everything was loaded');
    await page.fill('[name=filter_str]', '');
    await page.locator('.counts', { hasText: 'Showing 4 of 4' }).waitFor();

    // Over a partial one it narrows what is loaded at once, then asks once typing pauses.
    await fire(env.sim, dns, { count: 60 });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('.counts', { hasText: '50 of 64 loaded' }).waitFor();
    await clearSimRequests(env.sim);
    await page.locator('[name=filter_str]').pressSequentially('203.0.113.250', { delay: 30 });
    await until('one search for the typed text', async () => (await sent(env.sim, '/incidents/search')).some((r) => r.params.filter_str === '203.0.113.250'));
    await page.locator('.counts', { hasText: 'Showing 1 of 1 · 1 of 1 loaded' }).waitFor();
    const typed = (await sent(env.sim, '/incidents/search')).filter((r) => r.params.filter_str);
    assert.deepEqual(typed.map((r) => r.params.filter_str), ['203.0.113.250'], 'one search after the pause, not one per keystroke');
    await page.fill('[name=filter_str]', '');
    await page.locator('.counts', { hasText: '50 of 64 loaded' }).waitFor();

    // A range in the user's time reaches the Console in UTC; an empty range matches nothing.
    await page.fill('[name=newer_than]', '2099-01-01T00:00');
    await page.locator('.empty', { hasText: 'No alerts match.' }).waitFor();
    const utc = await page.evaluate(() => {
      const d = new Date(2099, 0, 1, 0, 0);
      const p = (n) => String(n).padStart(2, '0');
      return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:00`;
    });
    assert.equal((await last(env.sim, '/incidents/search')).params.newer_than, utc);
    await page.fill('[name=newer_than]', '');
    await page.fill('[name=older_than]', '2000-01-01T00:00');
    await page.locator('.empty', { hasText: 'No alerts match.' }).waitFor();
    await page.close();
  });

  test('acknowledge, unacknowledge and delete one alert', async () => {
    await reset(env.sim);
    const web = await token(env.sim, 'http', 'Payroll report');
    await fire(env.sim, web, { count: 2 });
    const page = await alertsPage();
    const items = page.locator('.alert-item');
    await items.nth(1).waitFor();
    await page.locator('nav .nav-count', { hasText: '2' }).waitFor();
    const first = items.first();
    await clearSimRequests(env.sim);
    await first.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await first.getByRole('status').filter({ hasText: 'Acknowledged.' }).waitFor();
    const ack = await last(env.sim, '/incident/acknowledge');
    assert.match(ack.params.incident, /^incident:canarytoken:/);
    assert.equal(await unacknowledged(env.sim), 1);
    assert.match(await first.locator('.alert-state').innerText(), /acknowledged/);
    await page.locator('nav .nav-count', { hasText: '1' }).waitFor();

    await first.getByRole('button', { name: 'Unacknowledge' }).click();
    await first.getByRole('status').filter({ hasText: 'Unacknowledged.' }).waitFor();
    assert.equal((await last(env.sim, '/incident/unacknowledge')).params.incident, ack.params.incident);
    assert.equal(await unacknowledged(env.sim), 2);
    await page.locator('nav .nav-count', { hasText: '2' }).waitFor();

    await clearSimRequests(env.sim);
    await first.getByRole('button', { name: 'Delete alert' }).click();
    assert.equal((await simRequests(env.sim)).length, 0, 'nothing is deleted before confirmation');
    await first.getByRole('button', { name: 'Cancel' }).click();
    await first.getByRole('button', { name: 'Delete alert' }).click();
    await first.getByRole('button', { name: 'Confirm delete' }).click();
    await first.getByRole('status').filter({ hasText: 'Alert deleted.' }).waitFor();
    const deleted = await last(env.sim, '/incident/delete');
    assert.equal(deleted.method, 'DELETE');
    assert.equal(deleted.params.incident, ack.params.incident);
    assert.equal(await unacknowledged(env.sim), 1);
    await page.locator('nav .nav-count', { hasText: '1' }).waitFor();
    assert.equal(await page.locator('.alert-item:not(:has(.alert-body[hidden]))').count(), 1);
    await page.close();
  });

  test('a token\'s alerts: the same view, "Acknowledge all" and "Delete all alerts" by node_id', async () => {
    await reset(env.sim);
    const dns = await token(env.sim, 'sensitive-cmd', 'Jump host', { process_name: 'klist.exe' });
    const other = await token(env.sim, 'dns', 'Other token');
    await fire(env.sim, dns, { count: 3 });
    await fire(env.sim, other);
    const page = await alertsPage(env.sim.keys.admin, `#token/${dns}`);
    const items = page.locator('.alert-item');
    await items.nth(2).waitFor();
    assert.match(await page.locator('#alerts-title').innerText(), /Alerts \(3\)/);
    assert.match(await items.first().innerText(), /cmd_user_name\s+\S+/);
    assert.match(await items.first().innerText(), /cmd_computer_name\s+\S+/);
    assert.equal(await page.locator('.alert-list a[href]').count(), 0, 'no links on the token\'s own screen');

    await clearSimRequests(env.sim);
    await page.getByRole('button', { name: 'Acknowledge all' }).click();
    await page.getByRole('status').filter({ hasText: 'Acknowledged every alert of this token.' }).waitFor();
    const bulk = await last(env.sim, '/incidents/acknowledge');
    assert.deepEqual(bulk.params, { node_id: dns });
    await until('the list reread', async () => (await items.locator('.alert-state', { hasText: 'acknowledged' }).count()) === 3);
    assert.equal(await unacknowledged(env.sim), 1, 'the other token\'s alert is untouched');

    await page.getByRole('button', { name: 'Delete all alerts' }).click();
    await page.getByRole('button', { name: 'Confirm delete' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted every alert of this token.' }).waitFor();
    const gone = await last(env.sim, '/incidents/delete');
    assert.deepEqual([gone.method, gone.params], ['DELETE', { node_id: dns, include_unacknowledged: 'true' }]);
    await page.locator('.empty', { hasText: 'No alerts: this token has not fired.' }).waitFor();
    for (const r of await simRequests(env.sim)) {
      assert.ok(!(r.params.node_id && r.params.src_host), `never src_host and node_id together: ${r.path}`);
    }
    const left = await simApi(env.sim, '/incidents/search', { params: { filter_incident_state: 'all' } });
    assert.deepEqual(left.incidents.map((i) => i.node_id), [other]);
    await page.close();
  });

  test('a read-only key is refused, told why, and keeps its filter; an analyst key may', async () => {
    await reset(env.sim);
    const web = await token(env.sim, 'http', 'Viewer test');
    await fire(env.sim, web);
    const page = await alertsPage(env.sim.keys['read-only']);
    const item = page.locator('.alert-item').first();
    await item.waitFor();
    await page.fill('[name=filter_str]', 'viewer');
    await item.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await page.locator('[role=alert]', { hasText: 'This API key cannot do that' }).first().waitFor();
    await page.locator('.notice-refused', { hasText: 'cannot acknowledge, unacknowledge or delete alerts' }).first().waitFor();
    assert.ok(await item.getByRole('button', { name: 'Acknowledge', exact: true }).isDisabled());
    assert.ok(await item.getByRole('button', { name: 'Delete alert' }).isDisabled());
    assert.equal(await page.inputValue('[name=filter_str]'), 'viewer', 'what was typed stays');
    assert.equal(await unacknowledged(env.sim), 1);
    await page.close();

    // An analyst key may.
    const analyst = await alertsPage(env.sim.keys.analyst);
    const mine = analyst.locator('.alert-item').first();
    await mine.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await mine.getByRole('status').filter({ hasText: 'Acknowledged.' }).waitFor();
    assert.equal(await unacknowledged(env.sim), 0);
    await analyst.close();
  });

  test('a refused alert action holds in its flock only, and Try again re-enables it', async () => {
    await reset(env.sim);
    await fire(env.sim, await token(env.sim, 'http', 'Head office wiki'));
    await fire(env.sim, await token(env.sim, 'http', 'Branch wiki', { flock_id: 'flock:branch-offices' }));
    const page = await alertsPage(env.sim.keys['read-only']);
    const head = page.locator('.alert-item', { hasText: 'Head office wiki' });
    const branch = page.locator('.alert-item', { hasText: 'Branch wiki' });
    await branch.waitFor();
    await head.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    const refusal = page.locator('.notice-refused', { hasText: 'In flock Default Flock: This API key cannot acknowledge' });
    await refusal.waitFor();
    assert.doesNotMatch(await refusal.innerText(), /cannot do that/, 'the reason is said once');
    assert.ok(await head.getByRole('button', { name: 'Delete alert' }).isDisabled());
    assert.ok(!(await branch.getByRole('button', { name: 'Acknowledge', exact: true }).isDisabled()), 'another flock stays open');
    await refusal.getByRole('button', { name: 'Try again' }).click();
    await refusal.waitFor({ state: 'hidden' });
    assert.ok(!(await head.getByRole('button', { name: 'Acknowledge', exact: true }).isDisabled()));
    await page.close();
  });

  test('at popup size the filters fold behind "Filters" with a count, and alerts show at once', async () => {
    await reset(env.sim);
    await fire(env.sim, await token(env.sim, 'http', 'Lobby kiosk'));
    const page = await alertsPage();
    await page.setViewportSize({ width: 400, height: 600 });
    const item = page.locator('.alert-item').first();
    await item.waitFor();
    const top = await item.evaluate((e) => e.getBoundingClientRect().top);
    assert.ok(top < 300, `the first alert starts ${top} px down, in the top half of the popup`);
    assert.ok(await page.locator('input[type=search][name=filter_str]').isVisible(), 'the text filter stays in view');
    assert.ok(!(await page.locator('select[name=flock_id]').isVisible()), 'the other filters are folded');
    await page.getByRole('button', { name: 'Filters' }).click();
    await page.selectOption('select[name=filter_incident_state]', 'all');
    await page.getByRole('button', { name: 'Filters (1)' }).waitFor();
    await page.close();
  });

  test('markup in headers, memos and sources is shown as text and never runs', async () => {
    await reset(env.sim);
    const headers = Object.fromEntries(PAYLOADS.map((p, i) => [`X-Payload-${i}`, p]));
    headers['User-Agent'] = PAYLOADS[0];
    headers.Referer = PAYLOADS[3];
    for (const [i, memo] of PAYLOADS.entries()) {
      const id = await token(env.sim, 'http', `Memo ${memo}`);
      await fire(env.sim, id, i === 2 ? { headers, src_host: PAYLOADS[2] } : { headers });
    }
    const page = await alertsPage();
    const items = page.locator('.alert-item');
    await items.nth(PAYLOADS.length - 1).waitFor();
    for (const summary of await page.locator('.alert-item summary').all()) await summary.click();
    await page.locator('.event-hit').nth(PAYLOADS.length - 1).waitFor();
    const text = await page.locator('.alert-list').innerText();
    for (const p of PAYLOADS) assert.ok(text.includes(p), `shown as text: ${p}`);
    assert.equal(await page.locator('.alert-list').locator('img, script, svg, iframe').count(), 0, 'no element made from the payloads');
    assert.equal(await page.locator('.alert-list a[href^="javascript"]').count(), 0);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no payload ran');

    // The token screen shows the same alert the same way.
    await items.first().locator('a.alert-token').click();
    await page.locator('#token-title').waitFor();
    await page.locator('.alert-item summary').first().click();
    const detail = await page.locator('.alert-list').innerText();
    assert.ok(detail.includes(PAYLOADS[0]) && detail.includes(PAYLOADS[5]));
    assert.equal(await page.locator('.alert-list').locator('img, script, svg, iframe').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await page.close();
  });

  test('export the alerts of a filter as CSV and JSON, without the key', async () => {
    await reset(env.sim);
    const keys = await token(env.sim, 'aws-id', 'Export me, "quoted", =1+1');
    const dns = await token(env.sim, 'dns', 'Not exported');
    await fire(env.sim, keys, { count: 3, headers: { 'User-Agent': 'boto3/1.35 <b>x</b>' } });
    await fire(env.sim, dns, { count: 2 });
    const page = await alertsPage();
    await page.locator('.alert-item').nth(4).waitFor();
    await page.selectOption('select[name=filter_incident_state]', 'all');
    await page.selectOption('select[name=filter_logtypes]', '17012');
    await page.locator('.counts', { hasText: 'Showing 3 of 3' }).waitFor();
    await page.getByRole('link', { name: 'Export these alerts…' }).click();
    await page.locator('#alert-export-title').waitFor();
    assert.match(page.url(), /workbench\.html#alert-export\?filter_incident_state=all&filter_logtypes=17012$/);
    assert.equal(await page.inputValue('select[name=filter_logtypes]'), '17012', 'the filter came along');
    assert.equal(await page.inputValue('select[name=filter_incident_state]'), 'all');

    const save = async (button) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
      await page.getByRole('status').filter({ hasText: /^Saved canarytoken-alerts-\d{4}-\d\d-\d\d\.(csv|json) \(3 alerts\)\.$/ }).waitFor();
      return [download.suggestedFilename(), readFileSync(await download.path(), 'utf8')];
    };
    const [csvName, csv] = await save('Export CSV');
    assert.match(csvName, /^canarytoken-alerts-\d{4}-\d\d-\d\d\.csv$/);
    const lines = csv.trimEnd().split('\r\n');
    const header = lines[0].split(',');
    assert.deepEqual(header.slice(0, 12), ['incident_key', 'canarytoken', 'memo', 'kind', 'logtype', 'created', 'state', 'src_host', 'src_host_reverse', 'flock_id', 'events_count', 'user_agent']);
    for (const column of ['headers', 'geo_city', 'is_tor', 'additional_info', 'cmd_user_name', 'other']) assert.ok(header.includes(column), column);
    assert.equal(lines.length, 4, 'one row per alert');
    for (const row of lines.slice(1)) {
      assert.ok(row.includes(keys) && row.includes('aws-id') && row.includes('GetCallerIdentity'), row);
      assert.ok(row.includes('"\'Export me, ""quoted"", =1+1"') || row.includes('"Export me, ""quoted"", =1+1"'), row);
      assert.ok(row.includes('boto3/1.35 <b>x</b>'));
    }
    const [, json] = await save('Export JSON');
    const alerts = JSON.parse(json);
    assert.equal(alerts.length, 3);
    assert.deepEqual(new Set(alerts.map((a) => a.canarytoken)), new Set([keys]));
    assert.equal(alerts[0].headers['User-Agent'], 'boto3/1.35 <b>x</b>');
    assert.equal(alerts[0].events.length, 1);
    for (const file of [csv, json]) {
      for (const key of Object.values(env.sim.keys)) assert.ok(!file.includes(key), 'never an API key');
    }
    const searches = (await sent(env.sim, '/incidents/search')).filter((r) => r.params.limit === '1000');
    assert.ok(searches.length >= 2 && searches.every((r) => r.params.filter_logtypes === '17012'));
    await page.close();
  });

  test('an export goes page by page with progress and stops on request', async () => {
    await reset(env.sim);
    const web = await token(env.sim, 'http', 'Busy page');
    for (let i = 0; i < 3; i++) await fire(env.sim, web, { count: 1000 });
    await post(env.sim, 'faults', { latency_ms: 400 });
    try {
      const page = await alertsPage(env.sim.keys.admin, '#alert-export');
      await page.locator('#alert-export-title').waitFor();
      await page.getByRole('button', { name: 'Export CSV' }).click();
      await page.locator('.load-bar', { hasText: /1,000 of 3,000 alerts/ }).waitFor({ timeout: 15000 });
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.getByRole('status').filter({ hasText: 'Export stopped: nothing was saved.' }).waitFor({ timeout: 15000 });
      await page.close();
    } finally {
      await post(env.sim, 'faults', { latency_ms: 0 });
    }
  });
});

describe('alerts on a Console that answers as documented', () => {
  // Errors with HTTP 200 and only documented messages, counts as strings, `"incidents": null`
  // on an empty page.
  const env = simAndBrowser(['--seed', 'empty', '--variant', 'documented']);

  test('an empty list, then alerts listed, acknowledged and deleted', async () => {
    const page = await openConnected(env.browser, env.sim, env.sim.keys.admin, '#alerts');
    forbidDialogs(page);
    await page.locator('.empty', { hasText: 'No alerts match.' }).waitFor();
    const web = await token(env.sim, 'http', 'Documented answers');
    await fire(env.sim, web, { count: 2 });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('.counts', { hasText: 'Showing 2 of 2 · 2 of 2 loaded' }).waitFor();
    await page.locator('nav .nav-count', { hasText: '2' }).waitFor();
    const first = page.locator('.alert-item').first();
    await first.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await first.getByRole('status').filter({ hasText: 'Acknowledged.' }).waitFor();
    await first.getByRole('button', { name: 'Delete alert' }).click();
    await first.getByRole('button', { name: 'Confirm delete' }).click();
    await first.getByRole('status').filter({ hasText: 'Alert deleted.' }).waitFor();
    assert.equal((await simApi(env.sim, '/incidents/search', { params: { filter_incident_state: 'all' } })).incidents.length, 1);
    await page.close();

    const viewer = await openConnected(env.browser, env.sim, env.sim.keys['read-only'], '#alerts');
    await viewer.locator('.alert-item').first().getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await viewer.locator('.notice-refused', { hasText: 'cannot acknowledge, unacknowledge or delete alerts' }).first().waitFor();
    await viewer.close();
  });
});
