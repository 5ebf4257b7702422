// Shared by the end-to-end tests: the simulator as a child process, Chromium through
// playwright-core (Debian's /usr/bin/chromium; nothing is downloaded), and small waits.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from '../tools/node_modules/playwright-core/index.mjs';

export const ROOT = resolve(import.meta.dirname, '..');
/** The built app and the packaged extensions (overridable to test another build). */
export const DIST = process.env.CTM_DIST ?? join(ROOT, 'dist');
export const EXTENSIONS = process.env.CTM_EXTENSIONS ?? join(ROOT, 'target/extension');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/**
 * Starts the simulator on a free port serving dist/; resolves once it listens. Its ids and
 * secrets come from a fixed seed unless the test passes its own: text filters over random
 * ids would otherwise match by chance now and then.
 */
export async function startSim(extraArgs = []) {
  const bin = join(ROOT, 'target/debug/canarytoken-sim');
  const seed = extraArgs.includes('--rng-seed') ? [] : ['--rng-seed', '1'];
  const child = spawn(bin, ['--listen', '127.0.0.1:0', '--dist', DIST, ...seed, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`simulator did not start: ${out}`)), 15000);
    child.on('exit', (code) => fail(new Error(`simulator exited (${code}): ${out}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m && out.includes('read-only')) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
  });
  const keys = Object.fromEntries(
    [...out.matchAll(/^\s+(\S.*?)\s+API key: (\S+)$/gm)].map(([, role, key]) => [role, key]),
  );
  return { url, keys, stop: () => child.kill() };
}

/**
 * The usual suite: a simulator started with `simArgs` and a headless Chromium, both started
 * before the suite's tests and stopped after them. Tests read `env.sim` and `env.browser`.
 */
export function simAndBrowser(simArgs = []) {
  const env = {};
  before(async () => {
    env.sim = await startSim(simArgs);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.sim?.stop();
  });
  return env;
}

/** The same for the unpacked Chromium extension: `env.sim`, and `env.ext` from launchExtension. */
export function simAndExtension(simArgs = []) {
  const env = {};
  before(async () => {
    env.sim = await startSim(simArgs);
    env.ext = await launchExtension();
  });
  after(async () => {
    await env.ext?.close();
    env.sim?.stop();
  });
  return env;
}

export async function launch() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => reportErrors(await newPage(options));
  return browser;
}

/**
 * A panic or an uncaught exception in the app is printed when it happens and fails the test
 * when the page is closed, instead of passing unseen or showing up later as a timeout.
 * (Failed requests also log errors; the tests cause many on purpose, so only panics count.)
 */
export function reportErrors(page) {
  const failures = [];
  const failed = (what) => {
    failures.push(what);
    console.error(`${what} in ${page.url()}`);
  };
  page.on('pageerror', (error) => failed(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('panicked')) failed(message.text());
  });
  const close = page.close.bind(page);
  page.close = async (options) => {
    await close(options);
    if (failures.length) throw new Error(`the app failed in this page:\n${failures.join('\n')}`);
  };
  return page;
}

/** Chromium's id for an unpacked extension: SHA-256 of its absolute path, hex mapped to a-p. */
export function extensionId(dir) {
  const hex = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/**
 * A test copy of the packaged Chromium extension that may also reach the simulator on
 * 127.0.0.1 (the shipped manifest only allows *.canary.tools), loaded in a fresh profile.
 */
export async function launchExtension() {
  const work = mkdtempSync(join(tmpdir(), 'ctm-ext-'));
  const dir = join(work, 'extension');
  cpSync(join(EXTENSIONS, 'chromium'), dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions.push('http://127.0.0.1/*');
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  context.on('page', reportErrors);
  return {
    context,
    origin: `chrome-extension://${extensionId(dir)}`,
    close: async () => {
      await context.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Fills the connect form and presses "Test connection". */
export async function connect(page, consoleUrl, key) {
  await page.fill('[name=console_url]', consoleUrl);
  await page.fill('[name=auth_token]', key);
  await page.getByRole('button', { name: 'Test connection' }).click();
}

/** Waits for a connect to succeed: the first profile goes to work (the inventory, or Create on
 * an empty Console); a later one stays on the connect screen with "Connected". */
export async function connected(page) {
  await page.waitForFunction(() =>
    ['#inventory', '#create'].includes(location.hash) ||
    [...document.querySelectorAll('[role=status]')].some((s) => s.textContent.startsWith('Connected')));
}

/** The screens of the workbench page; every other screen is on the popup page (index.html). */
export const WORKBENCH_SCREENS = ['#bulk', '#export', '#alert-export', '#advanced', '#mail'];

/** The address of a screen (`#bulk`, `#token/<id>`) on the page that shows it. */
export function screenUrl(base, hash) {
  const workbench = WORKBENCH_SCREENS.some((s) => hash === s || hash.startsWith(`${s}?`) || hash.startsWith(`${s}/`));
  return `${base}/${workbench ? 'workbench.html' : ''}${hash}`;
}

/** A page of the web app that opens already connected to the simulator with `key`. */
export async function openConnected(browser, sim, key = sim.keys.admin, hash = '#create') {
  const page = await browser.newPage({ acceptDownloads: true });
  const settings = { profiles: [{ name: 'Simulator', console: sim.url, key, auth_style: 'header' }], active: 0 };
  await page.addInitScript((json) => {
    if (!localStorage.getItem('canarytoken-manager/settings')) {
      localStorage.setItem('canarytoken-manager/settings', json);
    }
  }, JSON.stringify(settings));
  await page.goto(screenUrl(sim.url, hash));
  return page;
}

/** What the simulator received (its /_sim/requests log), optionally only since `mark`. */
export async function simRequests(sim) {
  return (await fetch(`${sim.url}/_sim/requests`)).json();
}

export async function clearSimRequests(sim) {
  await fetch(`${sim.url}/_sim/requests`, { method: 'DELETE' });
}

/** Sets the simulator's fault switches (see sim/README.md). */
export async function simFaults(sim, faults) {
  const r = await fetch(`${sim.url}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!r.ok) throw new Error(`faults: ${r.status} ${await r.text()}`);
}

/** Calls the simulator's API directly (for setting up and checking state). */
export async function simApi(sim, path, { method = 'GET', params = {}, key = sim.keys.admin } = {}) {
  const body = new URLSearchParams(params);
  const url = `${sim.url}/api/v1${path}${method === 'GET' ? `?${body}` : ''}`;
  const r = await fetch(url, {
    method,
    headers: { 'X-Canary-Auth-Token': key },
    body: method === 'GET' ? undefined : body,
  });
  return r.json();
}

/** Fails the test if the page ever opens a dialog (alert() from injected markup). */
export function forbidDialogs(page) {
  page.on('dialog', (d) => {
    d.dismiss();
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
}
