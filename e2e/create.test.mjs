// Creating every kind the simulator lists through the web page: the form, what the Console
// received, the result view, and each downloadable kind's file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { clearSimRequests, forbidDialogs, openConnected, simAndBrowser, simApi, simRequests } from './lib.mjs';

// A valid value for each kind parameter the forms may show, by API name.
const VALUES = {
  cloned_web: 'login.example.com',
  expected_referrer: 'login.example.com',
  browser_redirect_url: 'https://intranet.example.com/welcome',
  s3_source_bucket: 'finance-archive',
  s3_log_bucket: 'finance-archive-logs',
  azure_id_cert_file_name: 'C:\\certs\\azure.pem',
  process_name: 'klist.exe',
  tokened_usernames: 'svc-backup, adm-legacy',
  idp_app_type: 'github',
  industry: 'medical',
  pwa_app_name: 'Payroll',
  pwa_icon: 'tinder', // one of the three the Console has beyond canarytokens.org's
  google_share_email_addr: 'finance-team@example.com',
  expiry: '30d',
};
const FILES = {
  web_image: { name: 'lobby.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex') },
  doc: { name: 'Salaries 2026.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('504b0304140000000800', 'hex') },
  excel: { name: 'Budget 2027.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('504b0304140000000800', 'hex') },
  pdf: { name: 'Board minutes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%fake\n') },
  exe: { name: 'payroll-setup.exe', mimeType: 'application/vnd.microsoft.portable-executable', buffer: Buffer.from('4d5a90000300000004000000ffff0000', 'hex') },
};
// What a downloaded file must start with, by extension.
const MAGIC = {
  docx: 'PK\x03\x04', xlsx: 'PK\x03\x04', docm: 'PK\x03\x04', xlsm: 'PK\x03\x04', zip: 'PK\x03\x04',
  pdf: '%PDF-', png: '\x89PNG', gz: '\x1f\x8b', exe: 'MZ', reg: 'Windows Registry Editor', conf: '[Interface]',
};
const CONSOLE_ONLY = new Set(['gmail', 'office365mail', 'autoreg-google-docs', 'autoreg-google-sheets', 'tokenfactory']);

describe('web page: create every kind', () => {
  let kinds;
  const env = simAndBrowser();
  before(async () => {
    kinds = Object.keys((await simApi(env.sim, '/canarytokens/list')).canarytokens);
  });

  test('every listed kind can be created, and downloadable ones download', async () => {
    assert.ok(kinds.length >= 30, `the simulator lists ${kinds.length} kinds`);
    const page = await openConnected(env.browser, env.sim);
    forbidDialogs(page);
    let downloads = 0;
    for (const kind of kinds) {
      await page.goto(`${env.sim.url}/?kind=${kind}#create`);
      await page.locator(`input[name=kind][value="${kind}"]`).check();
      const create = page.getByRole('button', { name: 'Create token' });
      if (CONSOLE_ONLY.has(kind)) {
        assert.ok(await create.isDisabled(), `${kind}: created only on the Console`);
        if (kind === 'tokenfactory') {
          // A factory string, not a token: the notice leads to the workbench's factory screen.
          const open = page.getByRole('link', { name: 'Open Canarytoken factory strings' });
          assert.equal(await open.getAttribute('href'), 'workbench.html#advanced');
        } else {
          assert.match(await page.locator('.form .notice-alert').innerText(), /Console/);
        }
        continue;
      }
      const memo = `E2E ${kind} on the test share`;
      await page.fill('[name=memo]', memo);
      const sent = {};
      for (const [name, value] of Object.entries(VALUES)) {
        const control = page.locator(`.form [name="${name}"]`);
        if ((await control.count()) === 0) continue;
        if ((await control.evaluate((el) => el.tagName)) === 'SELECT') await control.selectOption(value);
        else await control.fill(value);
        sent[name] = value;
      }
      for (const [name, file] of Object.entries(FILES)) {
        const control = page.locator(`.form input[type=file][name="${name}"]`);
        if ((await control.count()) === 0) continue;
        await control.setInputFiles(file);
        await page.locator('.form .hint', { hasText: file.name }).waitFor();
      }
      await clearSimRequests(env.sim);
      await create.click();
      await page.getByRole('status').filter({ hasText: 'Token created.' }).waitFor();

      const [request] = (await simRequests(env.sim)).filter((r) => r.path === '/api/v1/canarytoken/create');
      assert.equal(request.status, 200, `${kind}: ${JSON.stringify(request)}`);
      assert.equal(request.params.kind, kind);
      assert.equal(request.params.memo, memo);
      assert.equal(request.params.flock_id, undefined, `${kind}: no flock picked, so the Console chooses`);
      for (const [name, value] of Object.entries(sent)) {
        const expected = name === 'tokened_usernames' ? 'svc-backup,adm-legacy' : value;
        assert.equal(request.params[name], expected, `${kind}: ${name}`);
      }
      for (const part of request.files) {
        assert.equal(part.filename, FILES[part.name].name, `${kind}: file part ${part.name}`);
        assert.equal(part.head, FILES[part.name].buffer.subarray(0, 8).toString('hex'));
      }
      const tokenId = await page.locator('.created dd code').first().innerText();
      const token = (await simApi(env.sim, '/canarytoken/fetch', { params: { canarytoken: tokenId } })).token;
      assert.equal(token.memo, memo);
      assert.equal(await page.locator('.created .memo').innerText(), memo);
      assert.ok((await page.locator('.created details.plant[open] li').count()) >= 2, `${kind}: how to plant it`);
      if (token.url && (await page.locator('.facts dt', { hasText: 'URL' }).count())) {
        assert.equal(await page.locator('.facts code.url').innerText(), token.url);
      }
      for (const [key, text] of Object.entries(token.renders ?? {})) {
        const shown = page.locator('.render pre').filter({ hasText: text.trim().slice(0, 20) });
        const secret = page.locator('.render .secret-text');
        assert.ok((await shown.count()) + (await secret.count()) > 0, `${kind}: render ${key} shown`);
      }

      const button = page.getByRole('button', { name: 'Download' });
      if ((await button.count()) > 0) {
        const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
        const name = download.suggestedFilename();
        const bytes = readFileSync(await download.path());
        const ext = name.split('.').pop();
        assert.ok(bytes.length > 0, `${kind}: ${name} is empty`);
        if (MAGIC[ext]) assert.equal(bytes.subarray(0, MAGIC[ext].length).toString('latin1'), MAGIC[ext], `${kind}: ${name}`);
        if (kind === 'signed-exe') assert.equal(name, FILES.exe.name);
        await page.getByRole('status').filter({ hasText: `Saved ${name}.` }).waitFor();
        downloads += 1;
      }
    }
    assert.ok(downloads >= 14, `${downloads} kinds downloaded`);
    await page.close();
  });

  test('a memo full of markup stays text', async () => {
    const page = await openConnected(env.browser, env.sim);
    forbidDialogs(page);
    const memo = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b>';
    await page.locator('input[name=kind][value=dns]').check();
    await page.fill('[name=memo]', memo);
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('status').filter({ hasText: 'Token created.' }).waitFor();
    assert.equal(await page.locator('.created .memo').innerText(), memo);
    assert.equal(await page.locator('main img, main script, main b').count(), 0);
    await page.close();
  });

  test('errors keep the form: missing fields, a wrong file type, and the Console refusing', async () => {
    const page = await openConnected(env.browser, env.sim);
    await page.locator('input[name=kind][value=web-image]').check();
    await page.getByRole('button', { name: 'Create token' }).click();
    assert.match(await page.locator('#memo-error').innerText(), /memo/i);
    assert.match(await page.locator('#web_image-error').innerText(), /PNG image or JPEG image/);

    await page.fill('[name=memo]', 'x'.repeat(10001));
    assert.match(await page.locator('#memo-count').innerText(), /10001 \/ 10,000/);
    await page.locator('input[type=file][name=web_image]').setInputFiles(FILES.pdf);
    await page.getByRole('button', { name: 'Create token' }).click();
    assert.match(await page.locator('#memo-error').innerText(), /at most 10000/);
    assert.match(await page.locator('#web_image-error').innerText(), /is not a PNG image or JPEG image/);

    // The read-only key is refused by the Console: the form keeps everything.
    await page.fill('[name=memo]', 'Lobby screen');
    await page.locator('input[type=file][name=web_image]').setInputFiles(FILES.web_image);
    await page.locator('.form .hint', { hasText: 'lobby.png' }).waitFor();
    await page.evaluate((key) => {
      const s = JSON.parse(localStorage.getItem('canarytoken-manager/settings'));
      s.profiles[0].key = key;
      localStorage.setItem('canarytoken-manager/settings', JSON.stringify(s));
    }, env.sim.keys['read-only']);
    const readOnly = await openConnected(env.browser, env.sim, env.sim.keys['read-only']);
    await readOnly.locator('input[name=kind][value=fast-redirect]').check();
    await readOnly.fill('[name=memo]', 'Intranet link');
    await readOnly.fill('[name=browser_redirect_url]', 'https://intranet.example.com/');
    await readOnly.getByRole('button', { name: 'Create token' }).click();
    await readOnly.locator('[role=alert]', { hasText: 'This API key cannot do that' }).waitFor();
    assert.equal(await readOnly.inputValue('[name=memo]'), 'Intranet link');
    assert.equal(await readOnly.inputValue('[name=browser_redirect_url]'), 'https://intranet.example.com/');
    await readOnly.close();
    await page.close();
  });
});

describe('the kind picker', () => {
  const env = simAndBrowser();

  test('grouped with icons; typing filters and Enter chooses; arrows move without choosing', async () => {
    const page = await openConnected(env.browser, env.sim);
    await page.setViewportSize({ width: 400, height: 600 });
    await page.locator('.kind-group-title').first().waitFor();
    const titles = await page.locator('.kind-group-title').allInnerTexts();
    assert.deepEqual(titles.slice(0, 4).map((t) => t.toLowerCase()), ['documents and files', 'cloud and credentials', 'web and urls', 'network, dns and hosts']);
    assert.equal(await page.locator('.kind-option:not(:has(.kind-icon))').count(), 0, 'every kind has an icon');
    const icon = await page.locator('.kind-option .kind-icon').first().evaluate((e) => getComputedStyle(e).maskImage || getComputedStyle(e).webkitMaskImage);
    assert.match(icon, /icons\/kinds-documents\.svg/);

    await page.fill('[name=find_kind]', 'excel');
    await page.press('[name=find_kind]', 'Enter');
    await page.locator('.form [name=memo]').waitFor();
    assert.equal(await page.locator('input[name=kind]:checked').getAttribute('value'), 'doc-msexcel');
    assert.equal(await page.locator('.kind-option:visible').count(), 1, 'chosen: the list folds');

    await page.getByRole('button', { name: 'Change kind' }).click();
    await page.fill('[name=find_kind]', '');
    const first = page.locator('input[name=kind]').first();
    await first.focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Change kind' }).click();
    await first.focus();
    await page.keyboard.press('ArrowDown');
    const moved = await page.locator('input[name=kind]:checked').getAttribute('value');
    assert.notEqual(moved, await first.getAttribute('value'), 'the arrow moved to the next kind');
    assert.ok((await page.locator('.kind-option:visible').count()) > 10, 'the list stays open while moving');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.kind-option:visible').count(), 1, 'Enter chooses');
    assert.equal(await page.locator('input[name=kind]:checked').getAttribute('value'), moved);

    // What was created last comes first, in "Recently used", and only there.
    await page.getByRole('button', { name: 'Change kind' }).click();
    await page.locator('input[name=kind][value=dns]').check();
    await page.fill('[name=memo]', 'Recent kinds test');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('status').filter({ hasText: 'Token created.' }).waitFor();
    await page.reload();
    await page.locator('.group-recent input[name=kind][value=dns]').waitFor();
    assert.equal(await page.locator('input[name=kind]').first().getAttribute('value'), 'dns');
    assert.equal(await page.locator('input[name=kind][value=dns]').count(), 1);
    await page.close();
  });
});
