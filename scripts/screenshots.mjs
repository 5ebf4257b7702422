// Screenshots of every screen against the simulator, at popup (400×600) and desktop (1280×800)
// sizes, light and dark, for looking at what was built.
// Usage: node scripts/screenshots.mjs [outdir]   (default e2e/artifacts; needs the built dist/)
import { mkdirSync } from 'node:fs';
import { launch, openConnected, simApi, startSim } from '../e2e/lib.mjs';

const out = process.argv[2] ?? 'e2e/artifacts';
mkdirSync(out, { recursive: true });
const sizes = { popup: { width: 400, height: 600 }, desktop: { width: 1280, height: 800 } };

const sim = await startSim();
const browser = await launch();
try {
  const qr = (await simApi(sim, '/canarytoken/create', { method: 'POST', params: { kind: 'qr-code', memo: 'Poster in the lobby' } })).canarytoken;
  const screens = [
    ['connect', '#connect', '[name=console_url]'],
    ['picker', '#create', 'input[name=kind]'],
    ['form', '#create', '.form [name=memo]', (p) => p.locator('input[name=kind][value=aws-id]').check()],
    ['inventory', '#inventory', 'table.tokens tbody tr'],
    ['token', `#token/${qr.canarytoken}`, '.facts'],
    ['alerts', '#alerts', '.alert-item'],
    ['bulk', 'workbench.html#bulk', '[name=source]'],
    ['export', 'workbench.html#export', '[name=scope]'],
    ['alert-export', 'workbench.html#alert-export', '[name=filter_str]'],
    ['advanced', 'workbench.html#advanced', '#factories-title'],
    ['mail-gmail', 'workbench.html#mail/gmail', 'input[name=emails][type=checkbox]', async (p) => {
      await p.fill('[name=domain]', 'corp.example');
      await p.fill('[name=email]', 'admin@corp.example');
      await p.getByRole('button', { name: 'List users' }).click();
    }],
    ['mail-office365', 'workbench.html#mail/office365', 'a[target=_blank]', (p) => p.getByRole('button', { name: 'Start sign-in' }).click()],
  ];
  for (const [size, viewport] of Object.entries(sizes)) {
    for (const colorScheme of ['light', 'dark']) {
      const page = await openConnected(browser, sim, sim.keys.admin, '#connect');
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme });
      for (const [name, address, ready, act] of screens) {
        await page.goto(`${sim.url}/${address}`);
        await act?.(page);
        await page.locator(ready).first().waitFor();
        await page.screenshot({ path: `${out}/${name}-${size}-${colorScheme}.png`, fullPage: size === 'desktop' });
      }
      await page.close();
    }
  }
  console.log(`screenshots in ${out}/`);
} finally {
  await browser.close();
  sim.stop();
}
