// The mail-token flows on the workbench (#mail/gmail, #mail/office365) against the simulator:
// Gmail through a Workspace admin; Office 365 through the consent page the Console names, the
// Console's own sign-in where it names none, or Exchange credentials, which are never kept.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  clearSimRequests, connect, connected, forbidDialogs, openConnected, simAndBrowser, simAndExtension, simApi, simRequests,
} from './lib.mjs';

const PASSWORD = 'Exch-Pa55-do-not-keep';

/** The sim's tokens of `kind` whose mailbox is one of `emails`. */
async function mailTokens(sim, kind, emails) {
  const tokens = (await simApi(sim, '/canarytokens/fetch')).tokens;
  return tokens.filter((t) => t.kind === kind && emails.includes(t.email));
}

/** Waits until the status panel shows `successful / failed / total`. */
async function statusShows(page, counts) {
  await page.waitForFunction(
    (want) => [...document.querySelectorAll('.mail-status dd')].map((d) => d.textContent.trim()).join('/') === want,
    counts.join('/'),
  );
}

/** The requests the simulator received for `path` (below /api/v1). */
async function sent(sim, path) {
  return (await simRequests(sim)).filter((r) => r.path === `/api/v1${path}`);
}

/** The mail screen of `provider` on the workbench, connected. (Opened through the popup page,
 * which moves it there: wait for the workbench before touching anything.) */
async function openMail(env, provider) {
  const page = await openConnected(env.browser, env.sim, env.sim.keys.admin, `#mail/${provider}`);
  await page.waitForURL(new RegExp(`workbench\\.html#mail/${provider}$`));
  await page.locator('#mail-title').waitFor();
  return page;
}

/** Everything the page keeps where it could outlive it: both web storages, cookies, the URL. */
async function kept(page) {
  return page.evaluate(() => {
    const dump = (s) => JSON.stringify(Object.fromEntries(Object.keys(s).map((k) => [k, s.getItem(k)])));
    return [dump(localStorage), dump(sessionStorage), document.cookie, location.href, history.state ?? ''].join('\n');
  });
}

describe('mail tokens (web page)', () => {
  const env = simAndBrowser();

  test('Create leads a mail kind to its flow on the workbench', async () => {
    const page = await openConnected(env.browser, env.sim);
    await page.locator('input[name=kind][value=gmail]').check();
    assert.ok(await page.getByRole('button', { name: 'Create token' }).isDisabled());
    const link = page.getByRole('link', { name: 'Open the Gmail flow' });
    assert.equal(await link.getAttribute('href'), 'workbench.html#mail/gmail');
    await link.click();
    await page.waitForURL(/workbench\.html#mail\/gmail$/);
    await page.getByRole('heading', { name: 'Gmail tokens' }).waitFor();
    await page.goto(`${env.sim.url}/#create`);
    await page.locator('input[name=kind][value=office365mail]').check();
    assert.equal(await page.getByRole('link', { name: 'Open the Office 365 flow' }).getAttribute('href'), 'workbench.html#mail/office365');
    await page.close();
  });

  test('Gmail: list the domain, choose two, type one, create, status 3/0/3', async () => {
    const page = await openMail(env, 'gmail');
    await page.getByRole('button', { name: 'List users' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter the Workspace domain' }).waitFor();
    await page.fill('[name=domain]', 'corp.example');
    await page.fill('[name=email]', 'admin@corp.example');
    await page.getByRole('button', { name: 'List users' }).click();
    await page.getByRole('status').filter({ hasText: 'The Console listed 5 users of corp.example' }).waitFor();
    await page.getByRole('button', { name: 'Choose all' }).click();
    assert.equal(await page.locator('input[type=checkbox][name=emails]:checked').count(), 5);
    await page.getByRole('button', { name: 'Choose none' }).click();
    const chosen = ['alex.naidoo@corp.example', 'sam.botha@corp.example'];
    for (const email of chosen) await page.locator(`input[name=emails][value="${email}"]`).check();
    assert.equal((await page.locator('.mail-users .check').first().innerText()).includes('Alex Naidoo'), true);

    // A typed address that is not one is refused before anything is sent, and kept.
    await page.fill('textarea[name=emails]', 'not-an-address');
    await clearSimRequests(env.sim);
    await page.getByRole('button', { name: 'Create tokens' }).click();
    await page.getByRole('alert').filter({ hasText: '“not-an-address” is not an email address.' }).waitFor();
    assert.equal(await page.inputValue('textarea[name=emails]'), 'not-an-address');
    assert.equal((await sent(env.sim, '/canarytoken/gmail/create')).length, 0);

    await page.fill('textarea[name=emails]', 'typed.person@corp.example');
    await page.getByRole('button', { name: 'Create tokens' }).click();
    await page.getByRole('status').filter({ hasText: 'Asked for tokens in 3 mailboxes' }).waitFor();
    const [create] = await sent(env.sim, '/canarytoken/gmail/create');
    assert.equal(create.params.flock_id, 'flock:default');
    assert.deepEqual(JSON.parse(create.params.users), [
      { email: 'alex.naidoo@corp.example', name: 'Alex Naidoo' },
      { email: 'sam.botha@corp.example', name: 'Sam Botha' },
      { email: 'typed.person@corp.example', name: '' },
    ]);
    await statusShows(page, ['3', '0', '3']);
    const all = [...chosen, 'typed.person@corp.example'];
    assert.equal((await mailTokens(env.sim, 'gmail', all)).length, 3, 'the tokens are in the inventory');
    assert.equal(await page.locator('input[name=emails]:checked').count(), 0, 'the choice starts over');
    await page.close();
  });

  test('Gmail: the template is saved, read again, and refused without {url} with the form kept', async () => {
    const page = await openMail(env, 'gmail');
    forbidDialogs(page);
    const html = page.locator('textarea[name=email_html]');
    await page.waitForFunction(() => document.querySelector('textarea[name=email_html]')?.value.includes('{url}'));
    const body = '<p>Hi {user},</p><p><a href="{url}">Your payslip</a></p><img src=x onerror="alert(1)">';
    await page.fill('[name=email_subject]', 'Payslip for November');
    await page.fill('[name=email_sender]', 'payroll@corp.example');
    await html.fill(body);
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('status').filter({ hasText: 'Template saved.' }).waitFor();
    const stored = await simApi(env.sim, '/canarytoken/gmail/email', { params: { flock_id: 'flock:default' } });
    assert.deepEqual([stored.email_subject, stored.email_sender, stored.email_html], ['Payslip for November', 'payroll@corp.example', body]);
    assert.equal(await page.locator('.mail img, .mail a[href="{url}"]').count(), 0, 'the HTML is text, never markup');

    await page.reload();
    await page.waitForFunction(() => document.querySelector('[name=email_subject]')?.value === 'Payslip for November');
    assert.equal(await html.inputValue(), body);
    assert.equal(await page.inputValue('[name=email_sender]'), 'payroll@corp.example');

    await clearSimRequests(env.sim);
    await html.fill('<p>No link in this one</p>');
    await page.fill('[name=email_subject]', 'Changed subject');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('alert').filter({ hasText: 'The HTML must contain {url}' }).waitFor();
    assert.equal(await html.inputValue(), '<p>No link in this one</p>');
    assert.equal(await html.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.inputValue('[name=email_subject]'), 'Changed subject');
    assert.equal((await sent(env.sim, '/canarytoken/gmail/email')).filter((r) => r.method === 'POST').length, 0);
    const unchanged = await simApi(env.sim, '/canarytoken/gmail/email', { params: { flock_id: 'flock:default' } });
    assert.equal(unchanged.email_subject, 'Payslip for November');
    await page.close();
  });

  test('Office 365: sign in on the consent page, check, choose, create, status', async () => {
    const page = await openMail(env, 'office365');
    assert.equal(await page.locator('[name=email_sender]').count(), 0, 'Office 365 documents no sender');
    await page.getByRole('button', { name: 'Check sign-in' }).click();
    await page.getByRole('alert').filter({ hasText: 'has not been granted' }).waitFor();

    await page.getByRole('button', { name: 'Start sign-in' }).click();
    const link = page.getByRole('link', { name: 'Open the Microsoft sign-in' });
    await link.waitFor();
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match(await link.getAttribute('rel'), /\bnoopener\b/);
    const [consent] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await consent.getByRole('heading', { name: 'Consent granted' }).waitFor();
    await consent.close();

    await page.getByRole('button', { name: 'Check sign-in' }).click();
    await page.getByRole('status').filter({ hasText: 'Through the sign-in, the Console listed 5 mailboxes' }).waitFor();
    await page.getByRole('button', { name: 'Choose all' }).click();
    await page.locator('input[name=user_emails][value="chris.dlamini@example.onmicrosoft.com"]').uncheck();
    await clearSimRequests(env.sim);
    await page.getByRole('button', { name: 'Create tokens' }).click();
    await page.getByRole('status').filter({ hasText: 'Asked for tokens in 4 mailboxes' }).waitFor();
    const [create] = await sent(env.sim, '/canarytoken/office365/create');
    const emails = create.params.user_emails.split(',');
    assert.equal(emails.length, 4);
    assert.ok(!emails.includes('chris.dlamini@example.onmicrosoft.com'));
    assert.equal(create.params.flock_id, undefined, 'no flock picked: the Console chooses');
    assert.equal(create.params.is_exchange, undefined);
    await statusShows(page, ['4', '0', '4']);
    assert.equal((await mailTokens(env.sim, 'office365mail', emails)).length, 4);

    await page.fill('[name=email_subject]', 'Quarantined messages');
    await page.fill('textarea[name=email_html]', '<p>Review them: {url}</p>');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('status').filter({ hasText: 'Template saved.' }).waitFor();
    assert.equal((await simApi(env.sim, '/canarytoken/office365/email')).email_subject, 'Quarantined messages');
    await page.close();
  });

  test('Office 365: where the Console names no consent page, the sign-in is done in the Console', async () => {
    const page = await openMail(env, 'office365');
    let state;
    // The documented answer: a state and no URL.
    await page.route('**/api/v1/canarytoken/office365/initiate', async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      state = json.state;
      delete json.oauth_url;
      await route.fulfill({ response, json });
    });
    await page.locator('[name=flock_id]').selectOption('flock:branch-offices');
    await page.getByRole('button', { name: 'Start sign-in' }).click();
    await page.getByText('Do the one-time sign-in in the Console').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Open the Microsoft sign-in' }).count(), 0);
    await page.getByRole('button', { name: 'Check sign-in' }).click();
    await page.getByRole('alert').filter({ hasText: 'has not been granted' }).waitFor();
    // The administrator signs in on the Console; Microsoft returns to it.
    await simApi(env.sim, '/canarytoken/office365/oauth/token', { method: 'POST', params: { code: 'c', user_email: 'it@branch.example', state } });
    await page.getByRole('button', { name: 'Check sign-in' }).click();
    await page.getByRole('status').filter({ hasText: 'listed 5 mailboxes' }).waitFor();
    assert.equal(await page.locator('input[name=user_emails][value="sam.botha@branch.example"]').count(), 1);
    await page.close();
  });

  test('Office 365 with Exchange credentials: listed and created, the password kept nowhere', async () => {
    const page = await openMail(env, 'office365');
    const requests = [];
    page.on('request', (r) => requests.push(r));
    await page.getByLabel('Use Exchange credentials instead of a Microsoft sign-in').check();
    const password = page.locator('input[name=exchange_password]');
    assert.equal(await password.getAttribute('type'), 'password');
    assert.equal(await password.getAttribute('autocomplete'), 'off');
    await page.fill('[name=exchange_username]', 'exadmin@exchange.example');
    await page.getByRole('button', { name: 'List users' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter the Exchange username and password.' }).waitFor();
    await password.fill(PASSWORD);
    await clearSimRequests(env.sim);
    await page.getByRole('button', { name: 'List users' }).click();
    await page.getByRole('status').filter({ hasText: 'Through Exchange, the Console listed 5 mailboxes' }).waitFor();
    await page.locator('input[name=user_emails][value="priya.pillay@exchange.example"]').check();
    await page.fill('textarea[name=user_emails]', 'shared.inbox@exchange.example');
    await page.getByRole('button', { name: 'Create tokens' }).click();
    await page.getByRole('status').filter({ hasText: 'Asked for tokens in 2 mailboxes' }).waitFor();
    await statusShows(page, ['2', '0', '2']);
    const [list] = await sent(env.sim, '/canarytoken/office365/users/list');
    const [create] = await sent(env.sim, '/canarytoken/office365/create');
    for (const r of [list, create]) {
      assert.deepEqual([r.params.is_exchange, r.params.exchange_username], ['true', 'exadmin@exchange.example']);
      assert.ok('exchange_password' in r.params, 'the password goes with the call');
    }
    const carrying = requests.filter((r) => (r.postData() ?? '').includes(encodeURIComponent(PASSWORD)));
    assert.deepEqual(carrying.map((r) => [r.method(), new URL(r.url()).pathname]), [
      ['POST', '/api/v1/canarytoken/office365/users/list'],
      ['POST', '/api/v1/canarytoken/office365/create'],
    ], 'in the bodies of the two calls that need it');
    assert.ok(!requests.some((r) => r.url().includes(PASSWORD) || r.url().includes(encodeURIComponent(PASSWORD))), 'never in a URL');
    assert.equal(create.params.user_emails, 'priya.pillay@exchange.example,shared.inbox@exchange.example');
    assert.ok(!(await kept(page)).includes(PASSWORD), 'not in storage, cookies or the address');
    // Unticked, the credentials are forgotten.
    await page.getByLabel('Use Exchange credentials instead of a Microsoft sign-in').uncheck();
    await page.getByLabel('Use Exchange credentials instead of a Microsoft sign-in').check();
    assert.equal(await password.inputValue(), '');
    await page.close();
  });

  test('Office 365 is not offered where its feature is off', async () => {
    const set = (on) => fetch(`${env.sim.url}/_sim/features`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ features: { office365_mail_token: on } }),
    });
    await set(false);
    try {
      const page = await openMail(env, 'office365');
      await page.getByText('This Console does not offer Office 365 tokens (its feature office365_mail_token is off).').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Start sign-in' }).count(), 0);
      await page.close();
    } finally {
      await set(true);
    }
  });
});

describe('mail tokens (extension): Exchange credentials stay out of extension storage', () => {
  const env = simAndExtension();

  test('the Exchange path in the workbench tab keeps the password nowhere', async () => {
    const popup = await env.ext.context.newPage();
    await popup.goto(`${env.ext.origin}/index.html#connect`);
    await connect(popup, env.sim.url, env.sim.keys.admin);
    await connected(popup);
    await popup.close();
    const tab = await env.ext.context.newPage();
    await tab.goto(`${env.ext.origin}/workbench.html#mail/office365`);
    await tab.getByLabel('Use Exchange credentials instead of a Microsoft sign-in').check();
    await tab.fill('[name=exchange_username]', 'exadmin@exchange.example');
    await tab.fill('[name=exchange_password]', PASSWORD);
    await tab.getByRole('button', { name: 'List users' }).click();
    await tab.getByRole('status').filter({ hasText: 'Through Exchange, the Console listed 5 mailboxes' }).waitFor();
    await tab.locator('input[name=user_emails][value="alex.naidoo@exchange.example"]').check();
    await tab.getByRole('button', { name: 'Create tokens' }).click();
    await tab.getByRole('status').filter({ hasText: 'Asked for tokens in 1 mailbox' }).waitFor();
    const stores = await tab.evaluate(async () => JSON.stringify([
      await chrome.storage.local.get(null),
      await chrome.storage.session.get(null).catch(() => ({})),
    ]));
    assert.ok(!stores.includes(PASSWORD), 'not in chrome.storage');
    assert.ok(!(await kept(tab)).includes(PASSWORD), 'not in web storage or the address');
    await tab.close();
  });
});
