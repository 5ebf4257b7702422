// Benchmark (not a test): the Alerts screen with 5,000 alerts. Prints the time "Load all" takes,
// the page's memory once loaded, and the filter's cost per keystroke over what is loaded.
// Usage: `import { alertsBench } from './bench-alerts.mjs'; await alertsBench();` (needs the
// built dist/ and the debug simulator), or `node scripts/bench-alerts.mjs`.
import { launch, openConnected, simRequests, startSim } from '../e2e/lib.mjs';

const ALERTS = 5000;
const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Keeps the app's WebAssembly memory reachable for measuring (the JS heap figure leaves it out).
function keepWasmMemory() {
  const wrap = (original) => async (...args) => {
    const made = await original.apply(WebAssembly, args);
    window.__benchWasm = (made.instance ?? made).exports?.memory;
    return made;
  };
  WebAssembly.instantiateStreaming = wrap(WebAssembly.instantiateStreaming);
  WebAssembly.instantiate = wrap(WebAssembly.instantiate);
}

/** Types `text` into the alert filter a character at a time, then deletes it again, and gives
 * per keystroke the work until the DOM has settled and the time to the next frame. */
function typeAndMeasure(text) {
  const box = document.querySelector('[name=filter_str]');
  const values = [...text].map((_, n) => text.slice(0, n + 1));
  values.push(...values.slice(0, -1).reverse(), '');
  const nextFrame = () => new Promise((done) => requestAnimationFrame(() => done(performance.now())));
  // A message after the event runs once the microtasks it queued (the app's effects) are done.
  const settled = () =>
    new Promise((done) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(0);
    });
  return values.reduce(async (previous, value) => {
    const timings = await previous;
    await nextFrame();
    box.value = value;
    const start = performance.now();
    box.dispatchEvent(new Event('input', { bubbles: true }));
    const frame = nextFrame();
    await settled();
    document.body.offsetHeight; // layout
    const work = performance.now() - start;
    timings.push({ work, frame: (await frame) - start });
    return timings;
  }, Promise.resolve([]));
}

export async function alertsBench() {
  const sim = await startSim(['--seed', 'empty']);
  const browser = await launch();
  try {
    const seeded = await fetch(`${sim.url}/_sim/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed: 'scale', tokens: 1000, incidents: ALERTS }),
    }).then((r) => r.json());
    if (seeded.incidents < ALERTS) {
      console.log(`  the simulator seeded ${seeded.incidents} alerts, not ${ALERTS}: figures are for those`);
    }
    const page = await openConnected(browser, sim, sim.keys.admin, '#alerts');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.addInitScript(keepWasmMemory);
    await page.reload();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.selectOption('select[name=filter_incident_state]', 'all');
    await page.locator('.counts', { hasText: `50 of ${seeded.incidents.toLocaleString('en-US')} loaded` }).waitFor({ timeout: 60000 });

    const started = Date.now();
    await page.getByRole('button', { name: 'Load all' }).click();
    const all = seeded.incidents.toLocaleString('en-US');
    await page.locator('.counts', { hasText: `${all} of ${all} loaded` }).waitFor({ timeout: 300000 });
    await page.locator('button', { hasText: 'Load all' }).waitFor();
    const seconds = (Date.now() - started) / 1000;
    const pages = (await simRequests(sim)).filter((r) => r.path === '/api/v1/incidents/search' && r.params.limit === '1000');
    console.log(`  "Load all" of ${all} alerts: ${seconds.toFixed(1)} s (${pages.length} pages of up to 1,000)`);

    await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    const wasm = await page.evaluate(() => window.__benchWasm?.buffer.byteLength ?? 0);
    const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    console.log(`  memory once loaded: JS heap ${mb(heap)}, wasm memory ${mb(wasm)} (budget 100 MB); ${nodes} DOM elements`);

    const timings = await page.evaluate(typeAndMeasure, 'host-203-0-113');
    const work = timings.map((t) => t.work);
    const frame = timings.map((t) => t.frame);
    console.log(
      `  filtering per keystroke over ${timings.length} keystrokes: work median ${median(work).toFixed(1)} ms, ` +
        `max ${Math.max(...work).toFixed(1)} ms; input → next frame median ${median(frame).toFixed(1)} ms, ` +
        `max ${Math.max(...frame).toFixed(1)} ms (budget 16 ms)`,
    );
    await page.close();
  } finally {
    await browser.close();
    sim.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`Alerts (simulator, ${ALERTS} alerts, 1280×800):`);
  await alertsBench();
}
