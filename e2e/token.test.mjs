// The life of a token after creation, from the inventory and the token's own screen: what the
// simulator received and what the page shows after each action.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { clearSimRequests, forbidDialogs, openConnected, simAndBrowser, simApi, simRequests } from './lib.mjs';

const created = async (sim, kind, memo, params = {}) =>
  (await simApi(sim, '/canarytoken/create', { method: 'POST', params: { kind, memo, ...params } })).canarytoken;

const lastRequest = async (sim, path) => (await simRequests(sim)).filter((r) => r.path === `/api/v1${path}`).at(-1);

const trigger = (sim, id, count) =>
  fetch(`${sim.url}/_sim/trigger`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ canarytoken: id, count }) });

describe('a token after creation', () => {
  const env = simAndBrowser(['--seed', 'empty']);

  async function openToken(id) {
    const page = await openConnected(env.browser, env.sim, env.sim.keys.admin, `#token/${id}`);
    forbidDialogs(page);
    await page.locator('#token-title').waitFor();
    return page;
  }

  test('the inventory lists tokens, filters them and opens one', async () => {
    await created(env.sim, 'dns', 'Laptop 001 finance');
    await created(env.sim, 'http', 'Laptop 002 HR');
    const aws = await created(env.sim, 'aws-id', 'CI secrets');
    await simApi(env.sim, '/canarytoken/disable', { method: 'POST', params: { canarytoken: aws.canarytoken } });
    const page = await openConnected(env.browser, env.sim, env.sim.keys.admin, '#inventory');
    const rows = page.locator('table.tokens tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 3);
    assert.match(await page.locator('.counts').innerText(), /Showing 3 of 3 matching tokens/);
    await page.fill('[name=search_string]', 'laptop');
    await page.locator('.counts', { hasText: 'Showing 2 of 2' }).waitFor();
    await page.fill('[name=search_string]', '');
    await page.selectOption('select[name=active]', 'false');
    await page.locator('.counts', { hasText: 'Showing 1 of 1' }).waitFor();
    assert.match(await rows.first().innerText(), /CI secrets/);
    assert.match(await rows.first().innerText(), /AWS API Key/);
    assert.match(await rows.first().innerText(), new RegExp(aws.canarytoken));
    await rows.first().getByRole('button', { name: 'Details' }).click();
    await page.locator('#token-title', { hasText: 'AWS API Key' }).waitFor();
    const plant = page.locator('details.plant');
    assert.equal(await plant.getAttribute('open'), null, 'folded on the token screen');
    await plant.locator('summary').click();
    assert.match(await plant.innerText(), /~\/\.aws\/credentials/);
    assert.equal(new URL(page.url()).hash, `#token/${aws.canarytoken}`);
    await page.close();
  });

  test('memo, state, redirect and download', async () => {
    const qr = await created(env.sim, 'qr-code', 'Poster in the lobby');
    const page = await openToken(qr.canarytoken);
    await clearSimRequests(env.sim);

    await page.fill('textarea[name=memo]', 'Poster by the <b>lifts</b>');
    await page.getByRole('button', { name: 'Save memo' }).click();
    await page.getByRole('status').filter({ hasText: 'Memo saved.' }).waitFor();
    assert.equal((await lastRequest(env.sim, '/canarytoken/update')).params.memo, 'Poster by the <b>lifts</b>');
    assert.equal(await page.locator('.facts .memo').first().innerText(), 'Poster by the <b>lifts</b>');

    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('status').filter({ hasText: 'Token disabled.' }).waitFor();
    assert.equal((await lastRequest(env.sim, '/canarytoken/disable')).params.canarytoken, qr.canarytoken);
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('status').filter({ hasText: 'Token enabled.' }).waitFor();

    await page.fill('[name=redirect_url]', 'not a url');
    await page.getByRole('button', { name: 'Save redirect URL' }).click();
    assert.match(await page.locator('#redirect_url-error').innerText(), /https:\/\//);
    await page.fill('[name=redirect_url]', 'https://intranet.example.com/welcome');
    await page.getByRole('button', { name: 'Save redirect URL' }).click();
    await page.getByRole('status').filter({ hasText: 'Redirect URL saved.' }).waitFor();
    assert.equal((await lastRequest(env.sim, '/canarytoken/update/redirect_url')).params.redirect_url, 'https://intranet.example.com/welcome');
    await page.getByRole('button', { name: 'Remove redirect' }).click();
    await page.getByRole('status').filter({ hasText: 'Redirect removed.' }).waitFor();
    assert.ok(await lastRequest(env.sim, '/canarytoken/remove/redirect_url'));
    assert.equal(await page.inputValue('[name=redirect_url]'), '');

    assert.equal(await page.locator('svg.qr').count(), 1, 'QR codes show their code at once');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    assert.match(download.suggestedFilename(), /\.png$/);
    assert.equal(readFileSync(await download.path()).subarray(0, 4).toString('latin1'), '\x89PNG');

    // The inventory shows the change without reloading.
    await page.getByRole('button', { name: '← Inventory' }).click();
    await page.locator('table.tokens', { hasText: 'Poster by the <b>lifts</b>' }).waitFor();
    await page.close();
  });

  test('alerts are listed newest first, as text, and acknowledged', async () => {
    const web = await created(env.sim, 'http', 'Finance wiki');
    await trigger(env.sim, web.canarytoken, 3);
    const page = await openToken(web.canarytoken);
    const items = page.locator('.alert-item');
    await items.nth(2).waitFor();
    assert.match(await page.locator('#alerts-title').innerText(), /Alerts \(3\)/);
    await items.first().locator('summary').first().click();
    assert.ok((await items.first().locator('.event-fields dt').count()) > 3, 'event details shown');
    assert.equal(await page.locator('.alert-list a[href]').count(), 0, 'no links from attacker-controlled data');
    await clearSimRequests(env.sim);
    await items.first().getByRole('button', { name: 'Acknowledge' }).click();
    await items.first().locator('.alert-head', { hasText: 'acknowledged' }).waitFor();
    const ack = await lastRequest(env.sim, '/incident/acknowledge');
    assert.match(ack.params.incident, /^incident:/);
    assert.equal(await page.getByRole('button', { name: 'Acknowledge', exact: true }).count(), 2);
    await page.close();
  });

  test('delete is confirmed, and alerts block it until the user chooses to delete them too', async () => {
    const dns = await created(env.sim, 'dns', 'Build server hosts file');
    await trigger(env.sim, dns.canarytoken, 2);
    const page = await openToken(dns.canarytoken);
    await page.locator('.alert-item').nth(1).waitFor();
    await clearSimRequests(env.sim);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const deletes = (await simRequests(env.sim)).filter((r) => r.path.endsWith('/canarytoken/delete'));
    assert.equal(deletes.length, 0, 'nothing is deleted before confirmation');
    await page.getByRole('button', { name: 'Confirm delete' }).click();
    await page.locator('.notice-alert', { hasText: 'The Console keeps tokens that have alerts' }).waitFor();
    assert.equal((await lastRequest(env.sim, '/canarytoken/delete')).params.clear_incidents, undefined);
    await page.getByLabel('Also delete its 2 alerts').check();
    await page.getByRole('button', { name: 'Confirm delete' }).click();
    await page.getByRole('status').filter({ hasText: `Deleted token ${dns.canarytoken}.` }).waitFor();
    assert.equal((await lastRequest(env.sim, '/canarytoken/delete')).params.clear_incidents, 'true');
    assert.equal(new URL(page.url()).hash, '#inventory');
    assert.equal(await page.locator('table.tokens', { hasText: dns.canarytoken }).count(), 0);
    await page.close();
  });

  test('an S3 token is removed from AWS with credentials that are not kept', async () => {
    const s3 = await created(env.sim, 'aws-s3', 'Customer exports', { s3_source_bucket: 'exports-bucket', s3_log_bucket: 'exports-logs' });
    const page = await openToken(s3.canarytoken);
    await page.fill('[name=aws_access_key]', 'AKIAIOSFODNN7EXAMPLE');
    await page.fill('[name=aws_secret_key]', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    await page.fill('[name=aws_region]', 'eu-west-1');
    await page.getByLabel('Also delete the buckets').check();
    assert.equal(await page.inputValue('[name=s3_source_bucket]'), 'exports-bucket');
    await clearSimRequests(env.sim);
    await page.getByRole('button', { name: 'Remove from AWS' }).click();
    await page.getByRole('button', { name: 'Confirm removal' }).click();
    await page.getByRole('status').filter({ hasText: 'Removed from AWS.' }).waitFor();
    const request = await lastRequest(env.sim, '/canarytoken/remove/s3');
    assert.deepEqual(
      [request.params.aws_access_key, request.params.aws_region, request.params.delete_buckets, request.params.s3_source_bucket],
      ['AKIAIOSFODNN7EXAMPLE', 'eu-west-1', 'true', 'exports-bucket'],
    );
    assert.equal(await page.inputValue('[name=aws_secret_key]'), '', 'the secret is dropped once used');
    const stored = await page.evaluate(() => JSON.stringify(localStorage));
    assert.ok(!stored.includes('wJalrXUtnFEMI'), 'the AWS secret is never stored');
    await page.close();
  });

  test('a token moves to another flock after confirmation, and its history says who did what from where', async () => {
    const web = await created(env.sim, 'http', 'Payroll share');
    await trigger(env.sim, web.canarytoken, 1);
    const page = await openToken(web.canarytoken);
    const destination = page.locator('select[name=dest_flock_id]');
    await destination.waitFor();
    assert.deepEqual(await destination.locator('option').evaluateAll((os) => os.map((o) => o.value)), ['flock:branch-offices']);
    await page.locator('#alerts-title', { hasText: 'Alerts (1)' }).waitFor();

    await clearSimRequests(env.sim);
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    assert.equal((await simRequests(env.sim)).length, 0, 'nothing moves before confirmation');
    await page.getByRole('button', { name: 'Confirm move' }).click();
    await page.getByRole('status').filter({ hasText: 'Moved to Branch Offices.' }).waitFor();
    const move = await lastRequest(env.sim, '/flock/move');
    assert.deepEqual(
      [move.params.dest_flock_id, move.params.node_id, move.params.clear_incidents],
      ['flock:branch-offices', web.node_id ?? web.canarytoken, undefined],
    );
    await page.locator('.facts dd', { hasText: 'Branch Offices' }).waitFor();
    const fetched = await simApi(env.sim, '/canarytoken/fetch', { params: { canarytoken: web.canarytoken } });
    assert.equal(fetched.token.flock_id, 'flock:branch-offices');
    assert.match(await page.locator('#alerts-title').innerText(), /Alerts \(1\)/, 'its alert went with it');

    // Back again, clearing its alerts this time.
    await page.getByLabel('Clear its alerts').check();
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm move' }).click();
    await page.getByRole('status').filter({ hasText: 'Moved to Default Flock; its alerts were cleared.' }).waitFor();
    assert.equal((await lastRequest(env.sim, '/flock/move')).params.clear_incidents, 'true');
    await page.locator('#alerts-title', { hasText: 'Alerts (0)' }).waitFor();

    await page.locator('details.history summary').click();
    const entries = page.locator('.history-list li');
    await entries.nth(2).waitFor();
    assert.equal((await lastRequest(env.sim, '/audit_trail/fetch')).params.search_term, web.canarytoken);
    assert.match(await entries.first().innerText(), new RegExp(`Moved Canarytoken ${web.canarytoken} from Branch Offices to Default Flock`));
    assert.match(await entries.nth(1).innerText(), /from Default Flock to Branch Offices/);
    assert.match(await entries.last().innerText(), /Created a Web Bug Canarytoken/);
    assert.match(await entries.first().locator('.hint').innerText(), /UTC.* · .+ · from \S+/);
    await page.close();
  });

  test('a read-only key may neither move a token nor read its history, and is told so once each', async () => {
    const dns = await created(env.sim, 'dns', 'Viewer cannot move');
    const page = await openConnected(env.browser, env.sim, env.sim.keys['read-only'], `#token/${dns.canarytoken}`);
    await page.locator('#token-title').waitFor();
    await page.locator('details.history summary').click();
    const refusal = page.locator('details.history .notice-refused');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /cannot read the audit trail/);
    assert.equal(await page.locator('details.history .history-list').count(), 0);

    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm move' }).click();
    await page.locator('.move-flock .notice-refused', { hasText: 'cannot move tokens to another flock' }).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Move', exact: true }).isDisabled());
    assert.ok(!(await page.getByRole('button', { name: 'Save memo' }).isDisabled()), 'only the move is disabled');
    await page.close();
  });

  test('a read-only key is told what it cannot do, and keeps what was typed', async () => {
    const dns = await created(env.sim, 'dns', 'Read-only view');
    const page = await openConnected(env.browser, env.sim, env.sim.keys['read-only'], `#token/${dns.canarytoken}`);
    await page.locator('#token-title').waitFor();
    await page.fill('textarea[name=memo]', 'Changed by a viewer');
    await page.getByRole('button', { name: 'Save memo' }).click();
    await page.locator('[role=alert]', { hasText: 'This API key cannot do that' }).waitFor();
    assert.equal(await page.inputValue('textarea[name=memo]'), 'Changed by a viewer');
    await page.close();
  });
});
