// Benchmarks (not tests): prints the figures for the budgets in design.md, each beside its anchor
// in the same run, because these machines are noisy.
// Usage: scripts/bench.sh (builds first). Needs dist/, target/floor-dist/, the unoptimised
// bindgen output in target/wasm-bindgen/release/ and the debug simulator.
// ONLY=bundle,startup,sizes,inventory,bulk,alerts,journal runs some sections; RUNS (default 9)
// start-ups of each page; INVENTORY_SIZES (default 10000,100000) the inventories measured.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, ROOT, launch, launchExtension, openConnected, simRequests, startSim } from '../e2e/lib.mjs';
import { report as wasmSizes } from './wasm-sizes.mjs';

const RUNS = Number(process.env.RUNS ?? 9);
const FLOOR_DIST = join(ROOT, 'target/floor-dist');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;
const thousands = (n) => n.toLocaleString('en-US');

async function post(sim, path, body) {
  const r = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

// ---------------------------------------------------------------------------------------------
// A static server: the app and the floor served the same way, from the same process, so that
// the start-up ratio compares the pages and not two servers.

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', // instantiateStreaming insists on it
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** Serves each directory of `mounts` ({ '/app/': dir }) on 127.0.0.1; resolves to { url, close }. */
async function serveStatic(mounts) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const prefix = Object.keys(mounts).find((p) => path.startsWith(p));
    const file = prefix && normalize(join(mounts[prefix], path.slice(prefix.length) || 'index.html'));
    let body;
    try {
      if (!file || !file.startsWith(mounts[prefix])) throw new Error('outside');
      body = readFileSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) };
}

// ---------------------------------------------------------------------------------------------
// Bundle: the bytes each page loads, raw and gzipped (level 9).

/** Every file `url` loads until the network is idle and the app has marked 'app-ready'. */
async function filesLoaded(browser, url) {
  const page = await browser.newPage();
  const bodies = [];
  page.on('response', (r) => bodies.push(r.body().then((b) => [new URL(r.url()).pathname, b]).catch(() => null)));
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => performance.getEntriesByName('app-ready').length > 0);
  await page.waitForLoadState('networkidle');
  // The same file may be requested twice (the icon as favicon and from CSS): a Map keeps one.
  const files = [...new Map((await Promise.all(bodies)).filter(Boolean)).entries()];
  await page.close();
  return files;
}

function printSizes(files, label, budget) {
  let raw = 0, gz = 0;
  for (const [path, body] of files) {
    const zipped = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gz += zipped;
    console.log(`  ${path.padEnd(34)} ${kb(body.length).padStart(10)} ${kb(zipped).padStart(10)} gzipped`);
  }
  const verdict = budget ? ` (budget ${budget.max} KB, aim ${budget.aim} KB)${gz / 1024 > budget.max ? '  OVER BUDGET' : ''}` : ' (reported only)';
  console.log(`  ${label.padEnd(34)} ${kb(raw).padStart(10)} ${kb(gz).padStart(10)} gzipped${verdict}`);
}

async function bundle() {
  const server = await serveStatic({ '/': DIST });
  const browser = await launch();
  try {
    console.log(' the popup page:');
    printSizes(await filesLoaded(browser, `${server.url}/index.html`), 'everything index.html loads', { max: 218, aim: 150 });
    console.log(' the workbench page:');
    printSizes(await filesLoaded(browser, `${server.url}/workbench.html`), 'everything workbench.html loads');
  } finally {
    await browser.close();
    await server.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Start-up: navigation to the 'app-ready' mark, once "Test connection" (the first usable
// control of both the app's connect form and the floor's counter) is on the page.

const appReady = (page) => page.evaluate(() => performance.getEntriesByName('app-ready')[0].startTime);

/** One cold start of `url`: a new browser each run, so that nothing is cached or compiled. */
async function coldStart(url) {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 400, height: 600 } });
    await page.goto(url);
    await page.getByRole('button', { name: 'Test connection' }).waitFor();
    return await appReady(page);
  } finally {
    await browser.close();
  }
}

const runs = (times) => `median ${median(times).toFixed(0)} ms over ${times.length} cold runs (${times.map((t) => t.toFixed(0)).join(', ')})`;

async function startup() {
  const server = await serveStatic({ '/app/': DIST, '/floor/': FLOOR_DIST });
  const times = { app: [], floor: [] };
  try {
    // Alternating, so that a slow patch of the machine falls on both.
    for (let i = 0; i < RUNS; i++) {
      times.app.push(await coldStart(`${server.url}/app/index.html`));
      times.floor.push(await coldStart(`${server.url}/floor/index.html`));
    }
  } finally {
    await server.close();
  }
  const ratio = median(times.app) / median(times.floor);
  console.log(`  popup page (web, static server) → connect form usable: ${runs(times.app)}`);
  console.log(`  floor (Leptos counter, tools/floor, same server) → button usable: ${runs(times.floor)}`);
  console.log(`  app ÷ floor = ${ratio.toFixed(2)}× (budget 1.25×)${ratio > 1.25 ? '  OVER BUDGET' : ''}`);

  // The popup as users open it: the packaged extension page, read from disk.
  const popup = [];
  for (let i = 0; i < RUNS; i++) {
    const ext = await launchExtension(); // a new profile each run
    try {
      const page = await ext.context.newPage();
      await page.setViewportSize({ width: 400, height: 600 });
      await page.goto(`${ext.origin}/index.html`);
      await page.getByRole('button', { name: 'Test connection' }).waitFor();
      popup.push(await appReady(page));
    } finally {
      await ext.close();
    }
  }
  console.log(`  extension popup page → connect form usable: ${runs(popup)}`);
}

// ---------------------------------------------------------------------------------------------
// Sizes: where the popup's wasm bytes go. The shipped wasm has no names, so the unoptimised
// bindgen output is optimised again as Trunk does (same flags, read from index.html) plus -g.

function wasmOptArgs(html) {
  const level = html.match(/data-wasm-opt="([^"]+)"/)?.[1] ?? 'z';
  const params = html.match(/data-wasm-opt-params="([^"]*)"/)?.[1] ?? '';
  return [`-O${level}`, ...params.split(/\s+/).filter(Boolean)];
}

async function sizes() {
  const input = join(ROOT, 'target/wasm-bindgen/release/popup_bg.wasm');
  const output = join(ROOT, 'target/bench/popup_bg.named.wasm');
  mkdirSync(join(ROOT, 'target/bench'), { recursive: true });
  const args = wasmOptArgs(readFileSync(join(ROOT, 'index.html'), 'utf8'));
  execFileSync(join(ROOT, 'tools/node_modules/.bin/wasm-opt'), ['-g', ...args, input, '-o', output], { stdio: 'inherit' });
  console.log(`  ${output.slice(ROOT.length + 1)} (wasm-opt -g ${args.join(' ')}):`);
  console.log(wasmSizes(output, { top: 15 }).join('\n'));
}

// ---------------------------------------------------------------------------------------------
// Inventory: "Load all", memory once loaded, and the filters' cost, at each size.

// The page's memory: the JS heap (CDP) and the WebAssembly linear memory, which the JS heap
// figure does not include (captured by wrapping WebAssembly.instantiate* before the app loads).
const CAPTURE_WASM_MEMORY = () => {
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async (...args) => {
      const result = await original.apply(WebAssembly, args);
      const instance = result.instance ?? result;
      window.__wasmMemory = instance.exports?.memory;
      return result;
    };
  }
};

async function memory(page, cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  const wasm = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0);
  return { js: metric('JSHeapUsedSize'), wasm, busy: metric('TaskDuration') };
}

/**
 * In the page: applies each step ([selector, value, event]) and times it. Per step:
 * - work: from the event until every effect it set off has run and the DOM is updated (a
 *   macrotask after the event sees the microtasks drained), layout included;
 * - frame: from the event, sent at a varying moment, to the next animation frame.
 */
async function timeSteps(steps) {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
  const drained = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(performance.now()); c.port2.postMessage(0); });
  const out = [];
  for (const [i, [selector, value, type]] of steps.entries()) {
    const control = document.querySelector(selector);
    await frame();
    await new Promise((r) => setTimeout(r, (i * 7) % 16));
    control.value = value;
    const t0 = performance.now();
    control.dispatchEvent(new Event(type, { bubbles: true }));
    const next = frame();
    await drained();
    document.body.getBoundingClientRect();
    const work = performance.now() - t0;
    out.push({ work, frame: (await next) - t0 });
  }
  return out;
}

/** Typing `text` into the search box a character at a time, then deleting it again. */
function keystrokes(text) {
  const values = [...text].map((_, i) => text.slice(0, i + 1));
  values.push(...values.slice(0, -1).reverse(), '');
  return values.map((v) => ['[name=search_string]', v, 'input']);
}

// Kind and state changes: each filters everything loaded, like a keystroke.
const SELECTS = [
  ['select[name=kind]', 'dns', 'change'],
  ['select[name=active]', 'false', 'change'],
  ['select[name=active]', 'true', 'change'],
  ['select[name=kind]', '', 'change'],
  ['select[name=active]', '', 'change'],
];

function printTimings(what, timings) {
  const work = timings.map((t) => t.work);
  const frame = timings.map((t) => t.frame);
  const med = median(work);
  console.log(
    `  ${what} over ${timings.length}: work (effects, DOM, layout) median ${med.toFixed(1)} ms, max ${Math.max(...work).toFixed(1)} ms; ` +
      `input → next frame median ${median(frame).toFixed(1)} ms, max ${Math.max(...frame).toFixed(1)} ms (budget 16 ms median)${med > 16 ? '  OVER BUDGET' : ''}`,
  );
}

/** Clicks "Load all" and waits for `total` loaded, noting when each quarter was reached. */
async function loadAll(page, sim, total, timeout) {
  await fetch(`${sim.url}/_sim/requests`, { method: 'DELETE' });
  const started = Date.now();
  await page.getByRole('button', { name: 'Load all' }).click();
  const quarters = [];
  const loaded = () => page.locator('.load-bar .hint').innerText().then((t) => Number(t.split(' of ')[0].replace(/,/g, '')));
  const loading = () => page.locator('.load-bar progress').count().then((n) => n > 0);
  for (let n = await loaded(); n < total; n = await loaded()) {
    const elapsed = Date.now() - started;
    while (quarters.length < 3 && n >= ((quarters.length + 1) * total) / 4) quarters.push(elapsed / 1000);
    // The progress bar gone before the end: the app stopped (an error, say); waiting is no use.
    const stopped = elapsed > 2000 && !(await loading()) && (await loaded()) < total;
    if (stopped || elapsed > timeout) {
      const why = stopped ? `stopped: ${await page.locator('.screen').innerText()}` : `still loading after ${timeout / 1000} s`;
      throw new Error(`"Load all" reached ${thousands(n)} of ${thousands(total)} in ${(elapsed / 1000).toFixed(1)} s, ${why}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (Date.now() - started) / 1000;
  const progress = quarters.map((s, i) => `${25 * (i + 1)}% at ${s.toFixed(1)} s`).join(', ') || 'too fast to see progress between polls';
  const requests = (await simRequests(sim)).filter((r) => r.path.startsWith('/api/'));
  console.log(`  "Load all" of ${thousands(total)} tokens: ${seconds.toFixed(1)} s in ${requests.length} requests (${progress})`);
}

async function inventory(tokens) {
  console.log(`Inventory of ${thousands(tokens)} tokens (simulator --seed scale, 1280×800):`);
  // Seeded through /_sim/reset: a large seed takes longer than startSim waits for a start.
  const sim = await startSim(['--seed', 'empty']);
  const browser = await launch();
  try {
    const seeded = await post(sim, '/_sim/reset', { seed: 'scale', tokens });
    const page = await openConnected(browser, sim, sim.keys.admin, '#inventory');
    await page.setViewportSize({ width: 1280, height: 800 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.addInitScript(CAPTURE_WASM_MEMORY);
    await page.reload();
    await page.locator('.load-bar', { hasText: ` of ${thousands(seeded.tokens)} loaded` }).waitFor({ timeout: 60000 });
    // Ten minutes for 100,000 (2 minutes at least): enough for a slow but working load.
    await loadAll(page, sim, seeded.tokens, Math.max(120000, seeded.tokens * 6));
    await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
    const loaded = await memory(page, cdp);
    const sum = loaded.js + loaded.wasm;
    console.log(`  memory once loaded: JS heap ${mb(loaded.js)} + wasm memory ${mb(loaded.wasm)} = ${mb(sum)} (budget 100 MB)${sum > 100 * 1048576 ? '  OVER BUDGET' : ''}`);
    printTimings('filtering per keystroke ("laptop 0421" typed and deleted)', await page.evaluate(timeSteps, keystrokes('laptop 0421')));
    printTimings('kind and state changes', await page.evaluate(timeSteps, SELECTS));
    await page.close();
  } finally {
    await browser.close();
    sim.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Bulk create: 1,000 rows at several concurrencies and latencies, beside a plain fetch loop.

async function bulkCreate() {
  const ROWS = 1000;
  const configs = [
    { latency: 0, concurrency: 3 },
    { latency: 0, concurrency: 6 },
    { latency: 50, concurrency: 3 },
    { latency: 50, concurrency: 6 },
  ];
  const sim = await startSim(['--seed', 'empty']);
  const browser = await launch();
  try {
    for (const { latency, concurrency } of configs) {
      await post(sim, '/_sim/reset', { seed: 'empty' });
      await post(sim, '/_sim/faults', { latency_ms: latency });
      const page = await openConnected(browser, sim, sim.keys.admin, '#bulk');
      await page.addInitScript(CAPTURE_WASM_MEMORY);
      await page.reload();
      await page.setViewportSize({ width: 400, height: 600 });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.check('[name=source][value=pattern]');
      await page.selectOption('select[name=kind]', 'dns');
      await page.fill('[name=memo]', 'Bench laptop {n:04}');
      await page.fill('[name=count]', String(ROWS));
      await page.locator('.bulk-preview .counts', { hasText: '1,000 rows: 1,000 ready' }).waitFor();
      await page.fill('[name=concurrency]', String(concurrency));
      // The browser's own cost: the same creates as a plain fetch loop in this page.
      const baseline = await page.evaluate(async ({ url, key, rows, concurrency }) => {
        let next = 0;
        const t0 = performance.now();
        await Promise.all(Array.from({ length: concurrency }, async () => {
          while (next < rows) {
            const body = new URLSearchParams({ kind: 'dns', memo: `Baseline ${next++}` }).toString();
            const headers = { 'X-Canary-Auth-Token': key, 'Content-Type': 'application/x-www-form-urlencoded' };
            await (await fetch(`${url}/api/v1/canarytoken/create`, { method: 'POST', headers, body, cache: 'no-store', credentials: 'omit' })).arrayBuffer();
          }
        }));
        return performance.now() - t0;
      }, { url: sim.url, key: sim.keys.admin, rows: ROWS, concurrency });
      await post(sim, '/_sim/reset', { seed: 'empty' });
      await fetch(`${sim.url}/_sim/requests`, { method: 'DELETE' });
      await page.evaluate(() => {
        window.__longTasks = [];
        new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
      });
      const before = await memory(page, cdp);
      let peak = before;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const m = await memory(page, cdp).catch(() => null);
          if (m) peak = { js: Math.max(peak.js, m.js), wasm: Math.max(peak.wasm, m.wasm) };
          await new Promise((r) => setTimeout(r, 250));
        }
      })();
      const started = Date.now();
      await page.getByRole('button', { name: 'Start', exact: true }).click();
      // A cheap check four times a second: Playwright's role queries, polled every frame, would
      // load the page's main thread more than the app does.
      const done = () => document.querySelector('.bulk-run [role=status]')?.textContent.startsWith('Finished');
      await page.waitForFunction(done, null, { polling: 250, timeout: 300000 });
      const wall = Date.now() - started;
      sampling = false;
      await sampler;
      const after = await memory(page, cdp);
      const status = await page.getByRole('status').filter({ hasText: /^Finished:/ }).innerText();
      const creates = (await simRequests(sim)).filter((r) => r.path === '/api/v1/canarytoken/create');
      const longTasks = await page.evaluate(() => window.__longTasks);
      const ideal = latency > 0 ? `; ${ROWS} rows × ${latency} ms / ${concurrency} at once = ${((ROWS * latency) / concurrency / 1000).toFixed(1)} s if only the concurrency limited it` : '';
      console.log(`  ${ROWS} rows, ${concurrency} at once, simulator latency ${latency} ms: ${(wall / 1000).toFixed(1)} s wall (${(ROWS / (wall / 1000)).toFixed(0)} rows/s${ideal})`);
      console.log(`    the same ${ROWS} creates as a plain fetch loop in the page: ${(baseline / 1000).toFixed(1)} s (app ÷ plain loop = ${(wall / baseline).toFixed(2)}, the ≤250 ms until the end is seen included)`);
      console.log(`    ${status} ${creates.length} create requests (${creates.filter((r) => r.status === 200).length} answered 200)`);
      console.log(`    page main thread busy ${((after.busy - before.busy) * 1000).toFixed(0)} ms of the run (${(((after.busy - before.busy) * 100000) / wall).toFixed(0)}%); long tasks (>50 ms): ${longTasks.length}${longTasks.length ? `, longest ${Math.max(...longTasks).toFixed(0)} ms` : ''}`);
      console.log(`    peak JS heap ${mb(peak.js)} (before ${mb(before.js)}), wasm memory ${mb(peak.wasm)}`);
      await page.close();
    }
  } finally {
    await browser.close();
    sim.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// The sections, in order. A section that fails prints its error and the next one runs: one
// broken screen should not hide the other figures. The exit status still says it failed.

/** The function `module` exports as `name`; throws (failing only its section) if there is none. */
async function fromModule(module, name) {
  const exported = (await import(module))[name];
  if (typeof exported !== 'function') throw new Error(`${module} exports no ${name}()`);
  return exported;
}

const SECTIONS = [
  ['bundle', 'Bundle (raw, gzipped -9; each file once):', bundle],
  ['startup', `Start-up (headless Chromium, 400×600, ${RUNS} runs each, alternating):`, startup],
  ['sizes', 'Sizes (where the popup wasm bytes go):', sizes],
  ['inventory', null, async () => {
    for (const n of (process.env.INVENTORY_SIZES ?? '10000,100000').split(',').map(Number)) await inventory(n);
  }],
  ['bulk', 'Bulk create (simulator --seed empty, 400×600):', bulkCreate],
  ['alerts', 'Alerts (simulator, 5,000 alerts, 1280×800):', async () => (await fromModule('./bench-alerts.mjs', 'alertsBench'))()],
  // journalBench prints its own heading.
  ['journal', null, async () => (await fromModule('./bench-journal.mjs', 'journalBench'))()],
];

// ONLY=bundle,startup,sizes,inventory,bulk,alerts,journal runs some sections.
const only = process.env.ONLY?.split(',').map((s) => s.trim());
const unknown = only?.filter((name) => !SECTIONS.some(([n]) => n === name)) ?? [];
if (unknown.length) {
  console.error(`unknown section(s) in ONLY: ${unknown.join(', ')} (known: ${SECTIONS.map(([n]) => n).join(', ')})`);
  process.exit(2);
}
for (const [name, heading, run] of SECTIONS) {
  if (only && !only.includes(name)) continue;
  if (heading) console.log(heading);
  try {
    await run();
  } catch (error) {
    console.log(`  ${name} FAILED: ${error.stack ?? error}`);
    process.exitCode = 1;
  }
}
