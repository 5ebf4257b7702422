// Benchmark (not a test): what journaling a bulk run costs. 1,000 rows at the simulator's
// default latency, 3 at once, with the journal on and off (`workbench.html?journal=off`, a flag
// only this benchmark uses), alternating, median wall time of each; on the web page
// (localStorage) and in the extension's workbench tab (storage.local). Budget: the journal costs
// at most 10%. Usage: `node -e "import('./scripts/bench-journal.mjs').then(m => m.journalBench())"`
// after scripts/build.sh and `cargo build -p canarytoken-sim`.
import { connect, connected, launch, launchExtension, startSim } from '../e2e/lib.mjs';

const ROWS = 1000;
const CONCURRENCY = 3;
const RUNS = Number(process.env.JOURNAL_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function post(sim, path, body) {
  await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** One run of ROWS rows in `page` (already at the bulk screen); its wall time in ms. */
async function oneRun(page, sim) {
  await post(sim, '/_sim/reset', { seed: 'empty' });
  await fetch(`${sim.url}/_sim/requests`, { method: 'DELETE' });
  await page.check('[name=source][value=pattern]');
  await page.selectOption('select[name=kind]', 'dns');
  await page.fill('[name=memo]', 'Bench laptop {n:04}');
  await page.fill('[name=count]', String(ROWS));
  await page.locator('.bulk-preview .counts', { hasText: '1,000 rows: 1,000 ready' }).waitFor();
  await page.fill('[name=concurrency]', String(CONCURRENCY));
  const started = Date.now();
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  const done = () => document.querySelector('.bulk-run [role=status]')?.textContent.startsWith('Finished');
  await page.waitForFunction(done, null, { polling: 50, timeout: 300000 });
  const wall = Date.now() - started;
  const status = await page.locator('.bulk-run [role=status]').innerText();
  if (!status.startsWith(`Finished: ${ROWS.toLocaleString('en-US')} created, 0 failed`)) throw new Error(status);
  await page.getByRole('button', { name: 'New bulk job' }).click();
  return wall;
}

/** Median wall times with the journal on and off, `open(off)` giving a page at the bulk screen. */
async function measure(sim, open) {
  const times = { on: [], off: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const mode of i % 2 ? ['off', 'on'] : ['on', 'off']) {
      const page = await open(mode === 'off');
      await page.locator('[name=source]').first().waitFor();
      times[mode].push(await oneRun(page, sim));
      await page.close();
    }
  }
  return { on: median(times.on), off: median(times.off), times };
}

function report(where, { on, off, times }) {
  const ratio = on / off;
  console.log(`  ${where}: journal on ${(on / 1000).toFixed(2)} s, off ${(off / 1000).toFixed(2)} s (median of ${RUNS}): on ÷ off = ${ratio.toFixed(3)} (budget ≤ 1.10)${ratio > 1.1 ? '  OVER BUDGET' : ''}`);
  console.log(`    runs on: ${times.on.map((t) => (t / 1000).toFixed(2)).join(', ')}; off: ${times.off.map((t) => (t / 1000).toFixed(2)).join(', ')}`);
}

export async function journalBench() {
  console.log(`Bulk journal (${ROWS} rows, ${CONCURRENCY} at once, simulator --seed empty, default latency):`);
  const sim = await startSim(['--seed', 'empty']);
  try {
    const browser = await launch();
    try {
      const settings = JSON.stringify({ profiles: [{ name: 'Simulator', console: sim.url, key: sim.keys.admin, auth_style: 'header' }], active: 0 });
      const context = await browser.newContext();
      await context.addInitScript((json) => {
        if (!localStorage.getItem('canarytoken-manager/settings')) localStorage.setItem('canarytoken-manager/settings', json);
      }, settings);
      report('web page (localStorage)', await measure(sim, async (off) => {
        const page = await context.newPage();
        await page.goto(`${sim.url}/workbench.html${off ? '?journal=off' : ''}#bulk`);
        return page;
      }));
    } finally {
      await browser.close();
    }
    const ext = await launchExtension();
    try {
      const popup = await ext.context.newPage();
      await popup.goto(`${ext.origin}/index.html#connect`);
      await connect(popup, sim.url, sim.keys.admin);
      await connected(popup);
      await popup.close();
      report('extension tab (storage.local)', await measure(sim, async (off) => {
        const page = await ext.context.newPage();
        await page.goto(`${ext.origin}/workbench.html${off ? '?journal=off' : ''}#bulk`);
        return page;
      }));
    } finally {
      await ext.close();
    }
  } finally {
    sim.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await journalBench();
