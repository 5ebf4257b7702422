// Bulk create and inventory export through the web page against the simulator: the preview and
// its refusals, runs under 429s and 500s with nothing lost or duplicated, pause/resume/cancel,
// the results CSV, the ZIP of every file, and exports with and without secrets.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { clearSimRequests, forbidDialogs, openConnected, simAndBrowser, simApi, simFaults, simRequests } from './lib.mjs';

const CREATE = '/api/v1/canarytoken/create';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** A word no other test's memos contain, to find this test's tokens with the Console's search. */
const tag = () => `t${Math.random().toString(36).slice(2, 8)}`;

async function openBulk(browser, sim) {
  const page = await openConnected(browser, sim, sim.keys.admin, '#bulk');
  forbidDialogs(page);
  await page.locator('[name=source]').first().waitFor();
  return page;
}

const startButton = (page) => page.getByRole('button', { name: 'Start', exact: true });

/** "12 done · 1 failed · 87 left" → {done, failed, left, cancelled}. */
async function counts(page) {
  const text = await page.locator('.run-counts').innerText();
  const n = (word) => Number((text.match(new RegExp(`([\\d,]+) ${word}`)) ?? [0, '0'])[1].replaceAll(',', ''));
  return { done: n('done'), failed: n('failed'), left: n('left'), cancelled: n('cancelled'), text };
}

async function finished(page, timeout = 90000) {
  await page.getByRole('status').filter({ hasText: /^(Finished|Cancelled):/ }).waitFor({ timeout });
  return counts(page);
}

async function fromPattern(page, kind, memo, count) {
  await page.check('[name=source][value=pattern]');
  await page.selectOption('select[name=kind]', kind);
  await page.fill('[name=memo]', memo);
  await page.fill('[name=count]', String(count));
  await page.locator('.bulk-preview .counts', { hasText: `${count.toLocaleString('en-US')} rows: ${count.toLocaleString('en-US')} ready` }).waitFor();
}

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/** The records of a CSV without line breaks inside cells (what these tests write). */
const csvLines = (text) => text.split('\r\n').filter((l) => l !== '');

async function consoleMemos(sim, word) {
  const found = await simApi(sim, '/canarytokens/search', { params: { search_string: word, limit: 1000 } });
  return found.canarytokens.map((t) => t.memo);
}

// A ZIP's entries, read from its central directory (no npm package needed).
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function readZip(buf) {
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'the archive has an end-of-central-directory record');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, `central record ${i}`);
    const [method, crc, size] = [buf.readUInt16LE(at + 10), buf.readUInt32LE(at + 16), buf.readUInt32LE(at + 20)];
    const [nameLen, extraLen, commentLen] = [buf.readUInt16LE(at + 28), buf.readUInt16LE(at + 30), buf.readUInt16LE(at + 32)];
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    assert.equal(buf.readUInt32LE(local), 0x04034b50, `local header of ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    assert.equal(method, 0, `${name} is stored`);
    assert.equal(crc32(data), crc, `${name}: CRC-32`);
    entries.push({ name, data });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

describe('bulk create', () => {
  const env = simAndBrowser(['--seed', 'empty']);

  test('a CSV with a file, quoted cells and a bad row: refused until skipped, then one create per row', async () => {
    const t = tag();
    const page = await openBulk(env.browser, env.sim);
    const csv = [
      'kind,memo,web_image,browser_redirect_url,notes',
      `web-image,"Lobby screen, 2nd floor ${t}",lobby.png,,`,
      `fast-redirect,"Intranet ""welcome"" link ${t}",,https://intranet.example.com/welcome,"quoted, note"`,
      `dns,Build server ${t},,,`,
      `not-a-kind,Mystery ${t},,,`,
      `http,Wiki page ${t},,,`,
    ].join('\n');
    await page.fill('[name=csv]', csv);
    await page.locator('[name=attachments]').setInputFiles({ name: 'lobby.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('#attachments-list', { hasText: 'lobby.png' }).waitFor();
    await page.locator('.bulk-preview .counts', { hasText: '5 rows: 4 ready, 1 with problems.' }).waitFor();
    const bad = page.locator('table.bulk-rows tr.invalid');
    assert.equal(await bad.count(), 1);
    assert.match(await bad.innerText(), /not-a-kind/);
    assert.match(await bad.locator('.col-row').innerText(), /^4$/);
    assert.match(await page.locator('.bulk-preview').innerText(), /Column “notes” is not a token setting/);

    await clearSimRequests(env.sim);
    await startButton(page).click();
    await page.getByRole('alert').filter({ hasText: '1 row has problems: fix it, or choose to skip it.' }).waitFor();
    assert.equal((await simRequests(env.sim)).filter((r) => r.path === CREATE).length, 0, 'nothing is sent');

    await page.check('[name=skip_invalid]');
    await startButton(page).click();
    const c = await finished(page);
    assert.deepEqual([c.done, c.failed, c.left], [4, 0, 0], c.text);
    await page.getByRole('status').filter({ hasText: 'Finished: 4 created, 0 failed.' }).waitFor();

    const creates = (await simRequests(env.sim)).filter((r) => r.path === CREATE);
    const memos = creates.map((r) => r.params.memo).sort();
    assert.deepEqual(memos, [
      `Build server ${t}`,
      `Intranet "welcome" link ${t}`,
      `Lobby screen, 2nd floor ${t}`,
      `Wiki page ${t}`,
    ]);
    assert.ok(creates.every((r) => r.status === 200));
    const image = creates.find((r) => r.params.kind === 'web-image');
    assert.deepEqual(image.files.map((f) => [f.name, f.filename, f.head]), [['web_image', 'lobby.png', PNG.subarray(0, 8).toString('hex')]]);
    const redirect = creates.find((r) => r.params.kind === 'fast-redirect');
    assert.equal(redirect.params.browser_redirect_url, 'https://intranet.example.com/welcome');
    assert.equal(redirect.params.notes, undefined, 'unknown columns are not sent');

    // The outcome table and the results CSV: one line per row, skipped row included.
    assert.equal(await page.locator('table.outcome tbody tr').count(), 5);
    assert.equal(await page.locator('table.outcome code.token-id').count(), 4);
    const results = await download(page, 'Download results (CSV)');
    assert.match(results.name, /^bulk-results-\d{4}-\d\d-\d\d\.csv$/);
    const text = results.bytes.toString('utf8');
    const lines = csvLines(text);
    assert.equal(lines[0], 'row,kind,memo,token_id,url,hostname,error');
    assert.equal(lines.length, 6, text);
    assert.match(lines[4], /^4,not-a-kind,Mystery \w+,,,,"Skipped: /);
    const ids = (await simApi(env.sim, '/canarytokens/search', { params: { search_string: t, limit: 100 } })).canarytokens.map((x) => x.canarytoken);
    assert.equal(ids.length, 4);
    for (const id of ids) assert.ok(text.includes(id), `${id} in the results`);
    for (const key of Object.values(env.sim.keys)) assert.ok(!text.includes(key), 'no API key in the results');
    await page.close();
  });

  test('200 rows under 429s, 500s and 502 pages: every row created or reported, none duplicated, rerun completes them', async () => {
    const t = tag();
    const page = await openBulk(env.browser, env.sim);
    await fromPattern(page, 'dns', `Desk ${t} {n:03}`, 200);
    await page.fill('[name=concurrency]', '4');
    await clearSimRequests(env.sim);
    // 429s (retried after Retry-After), five 500s with the Console's error envelope (failed:
    // the Console said no) and three proxy 502 pages (failed: the token may exist).
    await simFaults(env.sim, { rate_limit_per_sec: 50, fail_next: { count: 5, status: 500 }, html_next: 3 });
    await startButton(page).click();
    const c = await finished(page);
    await simFaults(env.sim, { rate_limit_per_sec: 0, fail_next: null, html_next: 0 });
    assert.equal(c.done + c.failed, 200, `none lost: ${c.text}`);
    assert.equal(c.failed, 8, `only the 500s and 502s fail (429s are retried): ${c.text}`);

    const creates = (await simRequests(env.sim)).filter((r) => r.path === CREATE);
    const byStatus = (s) => creates.filter((r) => r.status === s).length;
    assert.ok(byStatus(429) > 0, 'the simulator rate limited some requests');
    assert.equal(byStatus(500), 5);
    assert.equal(byStatus(502), 3);
    assert.equal(byStatus(200), c.done, 'one successful create per row done');
    assert.equal(creates.length, byStatus(200) + byStatus(429) + byStatus(500) + byStatus(502));
    const memos = await consoleMemos(env.sim, t);
    assert.equal(memos.length, c.done);
    assert.equal(new Set(memos).size, memos.length, 'no memo twice in the Console');

    await page.check('[name=only_failed]');
    const failedRows = page.locator('table.outcome tbody tr');
    await page.locator('.bulk-outcome .counts', { hasText: 'Showing 8 of 8 rows' }).waitFor();
    const failedText = await failedRows.allInnerTexts();
    assert.equal(failedText.filter((t) => /The Console said: Simulated failure/.test(t)).length, 5);
    assert.equal(failedText.filter((t) => /web page instead of data \(HTTP 502\).*may have been created/s.test(t)).length, 3);

    // The 502s may have created a token: the rerun asks first.
    await page.getByRole('button', { name: 'Rerun failed rows' }).click();
    await page.locator('.confirm', { hasText: '3 of these rows failed' }).waitFor();
    await clearSimRequests(env.sim);
    await page.getByRole('button', { name: 'Rerun anyway' }).click();
    await page.getByRole('status').filter({ hasText: 'Finished: 200 created, 0 failed.' }).waitFor({ timeout: 30000 });
    const rerun = (await simRequests(env.sim)).filter((r) => r.path === CREATE);
    assert.equal(rerun.length, 8, 'only the failed rows are sent again');
    const all = await consoleMemos(env.sim, t);
    assert.equal(all.length, 200);
    assert.equal(new Set(all).size, 200);

    const results = csvLines((await download(page, 'Download results (CSV)')).bytes.toString('utf8'));
    assert.equal(results.length, 201);
    assert.ok(results.slice(1).every((l) => /^\d+,dns,Desk \w+ \d{3},[0-9a-z]{25},/.test(l)), 'every row has its token id');
    for (const key of Object.values(env.sim.keys)) assert.ok(!results.join('\n').includes(key));
    await page.close();
  });

  test('pause, resume, leaving the screen, cancel (asked first), and sending the rest later', async () => {
    const t = tag();
    const page = await openBulk(env.browser, env.sim);
    await fromPattern(page, 'http', `Kiosk ${t} {n}`, 40);
    await page.fill('[name=concurrency]', '2');
    await simFaults(env.sim, { latency_ms: 80 });
    await clearSimRequests(env.sim);
    await startButton(page).click();
    await page.waitForFunction(() => /^[1-9]\d* done/.test(document.querySelector('.run-counts')?.textContent ?? ''));
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('status').filter({ hasText: 'Paused: nothing more is sent until you resume.' }).waitFor();
    const sentWhilePaused = (await simRequests(env.sim)).length;
    await page.waitForTimeout(500);
    assert.equal((await simRequests(env.sim)).length, sentWhilePaused, 'nothing is sent while paused');
    assert.match(await page.locator('.eta').innerText(), /Paused/);

    // Another screen of the workbench and back: the run goes on.
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('link', { name: 'Export' }).click();
    await page.getByRole('button', { name: 'Export CSV' }).waitFor();
    await page.getByRole('link', { name: 'Bulk' }).click();
    await page.locator('.run-counts').waitFor();
    await page.waitForFunction(() => Number(/^(\d+) done/.exec(document.querySelector('.run-counts')?.textContent ?? '')?.[1] ?? 0) >= 10);

    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm cancel' }).click();
    const c = await finished(page);
    await simFaults(env.sim, { latency_ms: 0 });
    assert.ok(c.cancelled > 0, c.text);
    assert.equal(c.done + c.failed + c.cancelled, 40, c.text);
    await page.getByRole('status').filter({ hasText: /^Cancelled: \d+ created, 0 failed, \d+ not sent\.$/ }).waitFor();
    const ok = (await simRequests(env.sim)).filter((r) => r.path === CREATE && r.status === 200).length;
    assert.equal(ok, c.done, 'rows in flight when cancelling still count');
    assert.equal((await consoleMemos(env.sim, t)).length, c.done);

    // Cancelled rows were never sent: no warning, and the rerun completes the job.
    assert.equal(await page.locator('.bulk-results .confirm').count(), 0);
    await page.getByRole('button', { name: 'Rerun failed rows' }).click();
    await page.getByRole('status').filter({ hasText: 'Finished: 40 created, 0 failed.' }).waitFor({ timeout: 30000 });
    const memos = await consoleMemos(env.sim, t);
    assert.equal(memos.length, 40);
    assert.equal(new Set(memos).size, 40);
    await page.getByRole('button', { name: 'New bulk job' }).click();
    await page.locator('.bulk-preview .counts', { hasText: '40 rows: 40 ready' }).waitFor();
    await page.close();
  });

  test('"Download all files (ZIP)": one correctly typed file per downloadable token, named <row>-<memo-slug>.<ext>', async () => {
    const t = tag();
    const page = await openBulk(env.browser, env.sim);
    const rows = [
      ['doc-msword', `Finance share: Salaries 2026 ${t}`, 'docx', 'PK\x03\x04'],
      ['doc-msexcel', `Budget Q3 (draft) ${t}`, 'xlsx', 'PK\x03\x04'],
      ['pdf-acrobat-reader', `Board minutes ${t}`, 'pdf', '%PDF-'],
      ['windows-dir', `Shared drive/HR ${t}`, 'zip', 'PK\x03\x04'],
      ['qr-code', `Lobby poster ${t}`, 'png', '\x89PNG'],
      ['sensitive-cmd', `Jump host ${t}`, 'reg', 'Windows Registry Editor'],
      ['wireguard', `VPN laptop 7 ${t}`, 'conf', '[Interface]'],
      ['mysql-dump', `DB backup ${t}`, 'sql.gz', '\x1f\x8b'],
      ['aws-id', `CI deploy key ${t}`, 'txt', '[default]'],
      ['dns', `Build server ${t}`, null, null],
      ['http', `Wiki page ${t}`, null, null],
    ];
    const csv = ['kind,memo,process_name,browser_redirect_url']
      .concat(rows.map(([kind, memo]) => `${kind},"${memo}",${kind === 'sensitive-cmd' ? 'klist.exe' : ''},${kind === 'qr-code' ? 'https://intranet.example.com' : ''}`))
      .join('\n');
    await page.fill('[name=csv]', csv);
    await page.locator('.bulk-preview .counts', { hasText: '11 rows: 11 ready' }).waitFor();
    await startButton(page).click();
    const c = await finished(page);
    assert.equal(c.done, 11, c.text);
    await page.locator('.bulk-results', { hasText: '9 created tokens have files.' }).waitFor();
    await clearSimRequests(env.sim);
    const zip = await download(page, 'Download all files (ZIP)');
    assert.match(zip.name, /^canarytoken-files-\d{4}-\d\d-\d\d\.zip$/);
    await page.getByRole('status').filter({ hasText: `Saved ${zip.name} (9 files).` }).waitFor();
    const downloads = (await simRequests(env.sim)).filter((r) => r.path === '/api/v1/canarytoken/download');
    assert.equal(downloads.length, 9, 'one download per downloadable token');

    const entries = readZip(zip.bytes);
    const slug = (memo) => memo.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const expected = rows.flatMap(([, memo, ext], i) => (ext ? [`${i + 1}-${slug(memo)}.${ext}`] : []));
    assert.deepEqual(entries.map((e) => e.name), expected);
    for (const [i, [kind, , ext, magic]] of rows.entries()) {
      if (!ext) continue;
      const entry = entries.find((e) => e.name.startsWith(`${i + 1}-`));
      assert.equal(entry.data.subarray(0, magic.length).toString('latin1'), magic, `${kind}: ${entry.name}`);
    }
    if (existsSync('/usr/bin/unzip')) {
      const { mkdtempSync, writeFileSync } = await import('node:fs');
      const dir = mkdtempSync('/tmp/ctm-zip-');
      writeFileSync(`${dir}/files.zip`, zip.bytes);
      assert.match(execFileSync('/usr/bin/unzip', ['-t', `${dir}/files.zip`]).toString(), /No errors detected/);
    }
    await page.close();
  });
});

describe('inventory export', () => {
  const env = simAndBrowser();

  test('CSV and JSON, secrets only when asked for, never a key or factory string', async () => {
    // A token made through a factory string carries it: it must never be exported.
    const factory = await simApi(env.sim, '/canarytoken/create_factory', { method: 'POST', params: { flock_id: 'flock:default', memo: 'E2E export factory' } });
    const made = await fetch(`${env.sim.url}/api/v1/canarytoken/factory/create`, {
      method: 'POST',
      body: new URLSearchParams({ factory_auth: factory.factory_auth, kind: 'dns', memo: 'Made by a factory' }),
    }).then((r) => r.json());
    assert.equal(made.canarytoken.factory_auth, factory.factory_auth);
    const tokens = (await simApi(env.sim, '/canarytokens/fetch')).tokens;
    const aws = tokens.find((x) => x.kind === 'aws-id' && x.secret_access_key);
    const wg = tokens.find((x) => x.kind === 'wireguard' && x.renders?.wg_conf);
    const wgKey = wg.renders.wg_conf.match(/PrivateKey\s*=\s*(\S+)/)[1];
    const forbidden = [...Object.values(env.sim.keys), factory.factory_auth];

    const page = await openConnected(env.browser, env.sim, env.sim.keys.admin, '#export');
    forbidDialogs(page);
    await page.locator('[name=scope][value=all]:checked').waitFor();
    await clearSimRequests(env.sim);

    const csv = await download(page, 'Export CSV');
    assert.match(csv.name, /^canarytokens-\d{4}-\d\d-\d\d\.csv$/);
    const csvText = csv.bytes.toString('utf8');
    assert.equal(csvLines(csvText).length, tokens.length + 1, 'a line per token');
    assert.ok(csvText.includes(aws.access_key_id), 'non-secret details are kept');
    assert.ok(!csvText.includes(aws.secret_access_key), 'the AWS secret key is left out');
    assert.ok(!csvText.includes(wgKey), 'the WireGuard private key is left out');
    await page.getByRole('status').filter({ hasText: `Saved ${csv.name} (${tokens.length} tokens).` }).waitFor();

    const json = JSON.parse((await download(page, 'Export JSON')).bytes.toString('utf8'));
    assert.equal(json.length, tokens.length);
    const jsonText = JSON.stringify(json);
    assert.ok(!jsonText.includes(aws.secret_access_key) && !jsonText.includes(wgKey));
    assert.equal(json.find((x) => x.canarytoken === aws.canarytoken).secret_access_key, undefined);

    await page.check('[name=include_secrets]');
    const secretCsv = (await download(page, 'Export CSV')).bytes.toString('utf8');
    assert.ok(secretCsv.includes(aws.secret_access_key));
    const secretJson = JSON.parse((await download(page, 'Export JSON')).bytes.toString('utf8'));
    assert.equal(secretJson.find((x) => x.canarytoken === aws.canarytoken).secret_access_key, aws.secret_access_key);
    assert.ok(JSON.stringify(secretJson).includes(wgKey));
    const factoryRow = secretJson.find((x) => x.canarytoken === made.canarytoken.canarytoken);
    assert.ok(factoryRow, 'the factory-made token is exported');
    assert.equal(factoryRow.factory_auth, undefined, 'without its factory string');
    for (const text of [csvText, jsonText, secretCsv, JSON.stringify(secretJson)]) {
      for (const secret of forbidden) assert.ok(!text.includes(secret), 'no API key or factory string');
    }

    // The inventory's filter comes along: what its table shows is what is exported.
    const inventory = await openConnected(env.browser, env.sim, env.sim.keys.admin, '#inventory');
    await inventory.fill('[name=search_string]', 'vpn');
    await inventory.locator('.counts', { hasText: 'Showing 2 of 2 matching' }).waitFor();
    await inventory.getByRole('link', { name: 'Export these tokens…' }).click();
    await inventory.waitForURL(/workbench\.html#export\?text=vpn$/);
    assert.equal(await inventory.inputValue('[name=search_string]'), 'vpn');
    await inventory.locator('[name=scope][value=filter]:checked').waitFor();
    const filtered = JSON.parse((await download(inventory, 'Export JSON')).bytes.toString('utf8'));
    assert.deepEqual(filtered.map((x) => x.kind).sort(), ['wireguard', 'wireguard']);
    await inventory.close();

    // Many tokens: paged from the Console in the largest pages it accepts, with progress.
    await fetch(`${env.sim.url}/_sim/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seed: 'scale', tokens: 3000 }) });
    await clearSimRequests(env.sim);
    const everything = JSON.parse((await download(page, 'Export JSON')).bytes.toString('utf8'));
    assert.equal(everything.length, 3000);
    assert.equal(new Set(everything.map((x) => x.canarytoken)).size, 3000);
    const pages = (await simRequests(env.sim)).filter((r) => r.path === '/api/v1/canarytokens/search');
    assert.equal(pages[0].params.limit, '2500', 'the page size Thinkst\'s own client uses comes first');
    const answered = pages.filter((r) => r.status === 200);
    assert.ok(answered.length >= 2 && answered.every((r) => r.params.limit === answered[0].params.limit || r.params.cursor));
    for (const secret of Object.values(env.sim.keys)) assert.ok(!JSON.stringify(everything).includes(secret));
    await page.close();
  });
});
