// The web page hosted as deploy/ says: a real nginx serving dist/ with the strict CSP and
// reverse-proxying /api/v1/ over verified TLS to the Console (the simulator behind a TLS
// endpoint standing in for *.canary.tools). Connect, create with an upload, download.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIST, ROOT, connect, connected, launch, simRequests, startSim } from './lib.mjs';

const freePort = () =>
  new Promise((ok) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });

async function waitForPort(port) {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`nothing listens on ${port}`);
}

/** The template rendered as envsubst would, with exactly the variables the guide names. */
function render(template, values) {
  return template.replace(/\$\{(CONSOLE_HOST|CONSOLE_CA|APP_ROOT|LISTEN)\}/g, (_, name) => values[name]);
}

describe('web page behind nginx (deploy/)', () => {
  let sim, browser, nginx, work, site;
  before(async () => {
    sim = await startSim();
    work = mkdtempSync(join(tmpdir(), 'ctm-nginx-'));
    const [webPort, tlsPort] = [await freePort(), await freePort()];
    const cert = join(work, 'console.pem');
    const key = join(work, 'console.key');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
    ], { stdio: 'ignore' });
    const template = readFileSync(join(ROOT, 'deploy/nginx-site.conf.template'), 'utf8');
    const siteConf = render(template, {
      CONSOLE_HOST: `127.0.0.1:${tlsPort}`,
      CONSOLE_CA: cert,
      APP_ROOT: DIST,
      LISTEN: `127.0.0.1:${webPort}`,
    });
    assert.doesNotMatch(siteConf, /\$\{/, 'every variable is rendered');
    writeFileSync(join(work, 'site.conf'), siteConf);
    for (const dir of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(work, dir));
    const asRoot = process.getuid?.() === 0 ? 'user root;' : '';
    writeFileSync(join(work, 'nginx.conf'), `
      ${asRoot}
      daemon off;
      worker_processes 1;
      pid ${work}/nginx.pid;
      error_log ${work}/error.log;
      events {}
      http {
        include /etc/nginx/mime.types;
        access_log ${work}/access.log;
        client_body_temp_path ${work}/body;
        proxy_temp_path ${work}/proxy;
        fastcgi_temp_path ${work}/fastcgi;
        uwsgi_temp_path ${work}/uwsgi;
        scgi_temp_path ${work}/scgi;
        include ${work}/site.conf;
        # Stands in for the Console's own TLS endpoint.
        server {
          listen 127.0.0.1:${tlsPort} ssl;
          ssl_certificate ${cert};
          ssl_certificate_key ${key};
          location / { proxy_pass ${sim.url}; }
        }
      }`);
    nginx = spawn('nginx', ['-c', join(work, 'nginx.conf'), '-p', work], { stdio: 'inherit' });
    await waitForPort(webPort);
    site = `http://127.0.0.1:${webPort}`;
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    nginx?.kill();
    sim?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the page is served with a strict CSP and no inline script', async () => {
    const page = await browser.newPage();
    const response = await page.goto(site);
    const csp = response.headers()['content-security-policy'];
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(csp, /connect-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    await page.locator('[name=console_url]').waitFor();
    assert.equal(await page.locator('script:not([src])').count(), 0);
    await page.close();
  });

  test('connect through the proxy, create with an upload, download the file', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    const violations = [];
    page.on('console', (m) => /Content Security Policy/.test(m.text()) && violations.push(m.text()));
    await page.goto(site);
    await page.getByRole('button', { name: "Use this page's address" }).click();
    await page.fill('[name=auth_token]', sim.keys.admin);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await connected(page);
    await page.waitForURL(/#inventory$/); // the first profile goes to work
    await page.locator('table.tokens tbody tr').first().waitFor();

    await page.getByRole('link', { name: 'Create' }).click();
    await page.locator('input[name=kind][value=web-image]').check();
    await page.fill('[name=memo]', 'Lobby screen via the proxy');
    await page.locator('input[type=file][name=web_image]').setInputFiles({
      name: 'lobby.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
    });
    await page.locator('.form .hint', { hasText: 'lobby.png' }).waitFor();
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('status').filter({ hasText: 'Token created.' }).waitFor();
    const create = (await simRequests(sim)).filter((r) => r.path === '/api/v1/canarytoken/create').at(-1);
    assert.equal(create.files[0].filename, 'lobby.png', 'the multipart upload crossed the proxy');

    await page.getByRole('button', { name: 'Create another' }).click();
    await page.getByRole('button', { name: 'Change kind' }).click();
    await page.locator('input[name=kind][value=doc-msword]').check();
    await page.fill('[name=memo]', 'HR share via the proxy');
    await page.getByRole('button', { name: 'Create token' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    assert.match(download.suggestedFilename(), /\.docx$/);
    assert.equal(readFileSync(await download.path()).subarray(0, 4).toString('latin1'), 'PK\x03\x04');
    assert.deepEqual(violations, []);
    await page.close();
  });

  test('the workbench page through the proxy: its screens read the Console, its nav leads back', async () => {
    const page = await browser.newPage();
    const settings = { profiles: [{ name: 'Proxy', console: site, key: sim.keys.admin, auth_style: 'header' }], active: 0 };
    await page.addInitScript((json) => localStorage.setItem('canarytoken-manager/settings', json), JSON.stringify(settings));
    await page.goto(`${site}/workbench.html#advanced`);
    await page.locator('input[name=domains]').first().waitFor(); // the custom domains, read through the proxy
    await page.getByRole('link', { name: /^Inventory/ }).click();
    await page.waitForURL(/\/index\.html#inventory$/);
    await page.locator('table.tokens tbody tr').first().waitFor();
    await page.close();
  });

  test('calling the Console directly from the hosted page is blocked, with the fix named', async () => {
    const page = await browser.newPage();
    await page.goto(`${site}/#connect`);
    await connect(page, sim.url, sim.keys.admin);
    const alert = page.locator('[role=alert]', { hasText: 'reverse proxy' });
    await alert.waitFor();
    assert.match(await alert.innerText(), new RegExp(`use .*extension|browser extension`));
    await page.close();
  });
});
