// Screenshots of the app against the simulator at popup and desktop sizes, for looking at
// what was built. Usage: node scripts/screenshots.mjs [outdir]   (default e2e/artifacts)
import { mkdirSync } from 'node:fs';
import { connect, launch, startSim } from '../e2e/lib.mjs';

const out = process.argv[2] ?? 'e2e/artifacts';
mkdirSync(out, { recursive: true });
const sizes = { popup: { width: 400, height: 600 }, desktop: { width: 1280, height: 800 } };

const sim = await startSim();
const browser = await launch();
try {
  for (const [size, viewport] of Object.entries(sizes)) {
    const page = await browser.newPage({ viewport });
    await page.goto(sim.url);
    await page.locator('[name=console_url]').waitFor();
    await page.screenshot({ path: `${out}/connect-empty-${size}.png` });
    await connect(page, sim.url, 'wrong-key');
    await page.locator('[role=alert]:not(:empty)').waitFor();
    await page.screenshot({ path: `${out}/connect-error-${size}.png` });
    await connect(page, sim.url, sim.keys.admin);
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await page.screenshot({ path: `${out}/connect-ok-${size}.png`, fullPage: size === 'desktop' });
    await page.close();
  }
} finally {
  await browser.close();
  sim.stop();
}
console.log(`screenshots in ${out}/`);
