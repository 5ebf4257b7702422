// Benchmarks (not tests): prints figures for the budgets in design.md.
// Usage: scripts/bench.sh  (builds first). Needs the built dist/ and the debug simulator.
import { gzipSync } from 'node:zlib';
import { launch, startSim } from '../e2e/lib.mjs';

const RUNS = Number(process.env.RUNS ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

async function bundleSize(sim) {
  const browser = await launch();
  const page = await browser.newPage();
  const bodies = [];
  page.on('response', (r) => bodies.push(r.body().then((b) => [new URL(r.url()).pathname, b]).catch(() => null)));
  await page.goto(sim.url, { waitUntil: 'networkidle' });
  await page.locator('[name=console_url]').waitFor();
  // The same file may be requested twice (the icon as favicon and from CSS); count it once.
  const files = [...new Map((await Promise.all(bodies)).filter(Boolean)).entries()];
  await browser.close();
  let raw = 0, gz = 0;
  for (const [path, body] of files) {
    const zipped = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gz += zipped;
    console.log(`  ${path.padEnd(34)} ${kb(body.length).padStart(10)} ${kb(zipped).padStart(10)} gzipped`);
  }
  console.log(`  ${'everything index.html loads'.padEnd(34)} ${kb(raw).padStart(10)} ${kb(gz).padStart(10)} gzipped (budget 150 KB)`);
}

async function startup(sim) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const browser = await launch(); // a new browser each run: nothing cached
    const page = await browser.newPage({ viewport: { width: 400, height: 600 } });
    await page.goto(sim.url);
    await page.getByRole('button', { name: 'Test connection' }).waitFor();
    times.push(await page.evaluate(() => performance.getEntriesByName('app-ready')[0].startTime));
    await browser.close();
  }
  const shown = times.map((t) => t.toFixed(0)).join(', ');
  console.log(`  navigation → connect form usable: median ${median(times).toFixed(0)} ms over ${RUNS} cold runs (${shown}) (budget 150 ms)`);
}

const sim = await startSim();
try {
  console.log('Bundle (what the popup loads):');
  await bundleSize(sim);
  console.log('Start-up (headless Chromium, 400×600):');
  await startup(sim);
} finally {
  sim.stop();
}
