// Screenshots of every screen against the simulator at popup and desktop sizes, for looking at
// what was built. Usage: node scripts/screenshots.mjs [outdir]   (default e2e/artifacts)
import { mkdirSync } from 'node:fs';
import { connect, launch, openConnected, simApi, startSim } from '../e2e/lib.mjs';

const out = process.argv[2] ?? 'e2e/artifacts';
mkdirSync(out, { recursive: true });
const sizes = { popup: { width: 400, height: 600 }, desktop: { width: 1280, height: 800 } };
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');

const sim = await startSim();
const browser = await launch();
try {
  const qr = (await simApi(sim, '/canarytoken/create', { method: 'POST', params: { kind: 'qr-code', memo: 'Poster in the lobby' } })).canarytoken;
  for (const [size, viewport] of Object.entries(sizes)) {
    const shot = (page, name) => page.screenshot({ path: `${out}/${name}-${size}.png`, fullPage: size === 'desktop' });
    let page = await browser.newPage({ viewport });
    await page.goto(sim.url);
    await page.locator('[name=console_url]').waitFor();
    await shot(page, 'connect-empty');
    await connect(page, sim.url, 'wrong-key');
    await page.locator('[role=alert]:not(:empty)').waitFor();
    await shot(page, 'connect-error');
    await connect(page, sim.url, sim.keys.admin);
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await shot(page, 'connect-ok');
    await page.close();

    page = await openConnected(browser, sim, sim.keys.admin, '#create');
    await page.setViewportSize(viewport);
    await page.locator('input[name=kind]').first().waitFor();
    await shot(page, 'create-picker');
    await page.locator('input[name=kind][value="web-image"]').check();
    await page.fill('[name=memo]', 'Logo on the intranet home page');
    await page.locator('.form input[type=file][name=web_image]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('.form .hint', { hasText: 'logo.png' }).waitFor();
    await shot(page, 'create-form-file');
    await page.goto(`${sim.url}/?kind=aws-id#create`);
    await page.locator('input[name=kind][value="aws-id"]').check();
    await page.fill('[name=memo]', 'CI runner credentials');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('status').filter({ hasText: 'Token created.' }).waitFor();
    await shot(page, 'create-result');

    await page.goto(`${sim.url}/#inventory`);
    await page.locator('table.tokens tbody tr').first().waitFor();
    await shot(page, 'inventory');
    await page.goto(`${sim.url}/#token/${qr.canarytoken}`);
    await page.locator('#token-title').waitFor();
    await shot(page, 'token');
    await page.goto(`${sim.url}/#bulk`);
    await page.locator('#bulk-title, h2').first().waitFor();
    await shot(page, 'bulk');
    await page.goto(`${sim.url}/#advanced`);
    await page.locator('h2').first().waitFor();
    await shot(page, 'advanced');
    await page.close();
  }
} finally {
  await browser.close();
  sim.stop();
}
console.log(`screenshots in ${out}/`);
